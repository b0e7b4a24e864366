using SfCognitoSso.Core;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>What every <see cref="ISessionValidator"/> must do, whatever stands behind it. A derived class in each
/// adapter's test project says how to arrange Salesforce's answers for that adapter.</summary>
public abstract class SessionValidatorContract
{
    protected abstract Task ArrangeValidAsync(string session, SalesforceIdentity identity);

    protected abstract Task ArrangeInvalidAsync(string session);

    protected abstract Task ArrangeUnavailableAsync(string session);

    protected abstract Task<ISessionValidator> CreateValidatorAsync();

    /// <summary>The trusted org the Core resolved for the sample sessions, handed to the validator as the Core does.</summary>
    protected abstract TrustedOrg SampleOrg { get; }

    [Fact]
    public async Task A_valid_session_answers_the_identity_behind_it()
    {
        await ArrangeValidAsync(Samples.Session, Samples.Identity);
        var validator = await CreateValidatorAsync();

        var result = await validator.ValidateAsync(new SalesforceSession(Samples.Session), SampleOrg, CancellationToken.None);

        Assert.True(result.IsValid);
        Assert.Equal(Samples.Identity.OrgId, result.Identity.OrgId);
        Assert.Equal(Samples.Identity.UserId, result.Identity.UserId);
        Assert.Equal(Samples.Identity.Email, result.Identity.Email);
        Assert.True(result.Identity.IsActive);
    }

    [Fact]
    public async Task A_session_salesforce_rejects_answers_invalid_session_without_throwing()
    {
        await ArrangeInvalidAsync(Samples.OtherUserSession);
        var validator = await CreateValidatorAsync();

        var result = await validator.ValidateAsync(new SalesforceSession(Samples.OtherUserSession), SampleOrg, CancellationToken.None);

        Assert.Null(result.Identity);
        Assert.Equal(RefusalReason.InvalidSession, result.Refusal?.Reason);
    }

    [Fact]
    public async Task An_unreachable_salesforce_answers_unavailable_without_throwing()
    {
        await ArrangeUnavailableAsync(Samples.Session);
        var validator = await CreateValidatorAsync();

        var result = await validator.ValidateAsync(new SalesforceSession(Samples.Session), SampleOrg, CancellationToken.None);

        Assert.Null(result.Identity);
        Assert.Equal(RefusalReason.SalesforceUnavailable, result.Refusal?.Reason);
    }

    [Fact]
    public async Task No_failure_message_contains_the_session()
    {
        await ArrangeInvalidAsync(Samples.Session);
        var validator = await CreateValidatorAsync();

        var result = await validator.ValidateAsync(new SalesforceSession(Samples.Session), SampleOrg, CancellationToken.None);

        Assert.NotNull(result.Refusal);
        foreach (var fragment in Samples.SecretFragments(Samples.Session))
        {
            Assert.DoesNotContain(fragment, result.Refusal.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(fragment, result.ToString(), StringComparison.Ordinal);
        }
    }
}
