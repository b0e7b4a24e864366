using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Adapters.InMemory.Tests;

public sealed class InMemoryIdentityDirectoryTests
{
    private readonly InMemoryIdentityDirectory directory = new();

    [Fact]
    public async Task An_email_update_replaces_the_stored_user_and_leaves_earlier_copies_alone()
    {
        await directory.CreateAsync(IdentityMapping.NewUser(Samples.Identity), CancellationToken.None);
        var before = (await directory.GetAsync(Samples.Username, CancellationToken.None)).Value;

        var updated = await directory.UpdateEmailAsync(Samples.Username, "renamed@backflipt.com", emailVerified: false, CancellationToken.None);

        Assert.Equal(DirectoryError.None, updated);
        Assert.Equal(Samples.Email, before?.Email);
        var after = Assert.Single(directory.ListUsers());
        Assert.Equal("renamed@backflipt.com", after.Email);
        Assert.False(after.EmailVerified);
    }

    [Fact]
    public async Task Updating_an_unknown_user_answers_not_found()
    {
        var updated = await directory.UpdateEmailAsync("sf_nobody", Samples.Email, emailVerified: true, CancellationToken.None);

        Assert.Equal(DirectoryError.NotFound, updated);
        Assert.Empty(directory.ListUsers());
    }

    [Fact]
    public async Task A_cancelled_call_changes_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(
            async () => await directory.CreateAsync(IdentityMapping.NewUser(Samples.Identity), cancelled.Token));

        Assert.Empty(directory.ListUsers());
    }
}
