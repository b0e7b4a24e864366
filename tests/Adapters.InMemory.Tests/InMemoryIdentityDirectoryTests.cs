using Microsoft.Extensions.Options;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.InMemory.Tests;

public sealed class InMemoryIdentityDirectoryTests
{
    private readonly InMemoryIdentityDirectory directory =
        new(Options.Create(new IdentityOptions { Key = IdentityKey.SalesforceUserId }));

    [Fact]
    public async Task A_created_user_is_found_by_username_and_by_verified_email_ignoring_case()
    {
        await directory.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.Equal(Samples.Email, directory.FindByUsername(Samples.Username)?.Email);
        Assert.Equal(Samples.Username, Assert.Single(directory.FindByEmail(Samples.Email.ToUpperInvariant())).Username);
        Assert.Null(directory.FindByUsername("sf_nobody"));
    }

    [Fact]
    public async Task An_unverified_email_is_not_found_by_email()
    {
        await directory.FindOrCreateAsync(Samples.Identity with { EmailVerified = false }, CancellationToken.None);

        Assert.Empty(directory.FindByEmail(Samples.Email));
        Assert.Equal("false", directory.FindByUsername(Samples.Username)?.Attributes[IdentityMapping.EmailVerifiedAttribute]);
    }

    [Fact]
    public async Task Users_handed_out_are_snapshots_that_cannot_change_the_directory()
    {
        var outcome = await directory.FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        ((IDictionary<string, string>)outcome.User!.Attributes)[IdentityMapping.EmailAttribute] = "attacker@example.com";

        Assert.Equal(Samples.Email, directory.FindByUsername(Samples.Username)?.Email);
    }

    [Fact]
    public async Task A_cancelled_call_changes_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(
            async () => await directory.FindOrCreateAsync(Samples.Identity, cancelled.Token));

        Assert.Empty(directory.ListUsers());
    }
}
