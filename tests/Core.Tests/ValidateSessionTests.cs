using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Flows;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Core.Sessions;
using SfCognitoSso.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SfCognitoSso.Core.Tests;

public sealed class ValidateSessionTests : IDisposable
{
    private readonly CoreHarness core = new();

    public void Dispose() => core.Dispose();

    private ValueTask<ValidateSessionResult> Validate(string? session) =>
        core.Mediator.Send(new ValidateSession(new SalesforceSession(session)));

    [Fact]
    public async Task A_first_login_creates_the_cognito_user_and_says_so()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity);

        var result = await Validate(Samples.Session);

        Assert.Null(result.Refusal);
        Assert.Equal(Samples.Username, result.Username);
        Assert.Equal(Samples.Email, result.Email);
        Assert.True(result.Created);
        Assert.NotNull(core.Users.FindByUsername(Samples.Username));
    }

    [Fact]
    public async Task A_returning_login_finds_the_same_user()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity);
        await Validate(Samples.Session);

        var result = await Validate(Samples.Session);

        Assert.Equal(Samples.Username, result.Username);
        Assert.False(result.Created);
        Assert.Single(core.Users.ListUsers());
    }

    [Fact]
    public async Task An_unknown_org_is_refused_without_asking_salesforce()
    {
        var result = await Validate(Samples.UntrustedOrgSession);

        Assert.Equal(RefusalReason.OrgNotAllowed, result.Refusal?.Reason);
        Assert.Equal(0, core.Salesforce.Calls);
        Assert.Empty(core.Users.ListUsers());
    }

    [Fact]
    public async Task An_org_configured_in_its_18_character_form_is_trusted()
    {
        using var core18 = new CoreHarness(new Dictionary<string, string?> { ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId18 });
        core18.Salesforce.Accept(Samples.Session, Samples.Identity);

        var result = await core18.Mediator.Send(new ValidateSession(new SalesforceSession(Samples.Session)));

        Assert.Null(result.Refusal);
    }

    [Fact]
    public async Task A_session_salesforce_rejects_is_an_invalid_session_and_creates_nobody()
    {
        var result = await Validate(Samples.Session);

        Assert.Equal(RefusalReason.InvalidSession, result.Refusal?.Reason);
        Assert.Null(result.Username);
        Assert.Equal(1, core.Salesforce.Calls);
        Assert.Empty(core.Users.ListUsers());
    }

    [Fact]
    public async Task An_inactive_user_is_refused_and_not_created()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity with { IsActive = false });

        var result = await Validate(Samples.Session);

        Assert.Equal(RefusalReason.UserInactive, result.Refusal?.Reason);
        Assert.Empty(core.Users.ListUsers());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_user_without_email_is_refused_with_its_own_reason(string? email)
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity with { Email = email });

        var result = await Validate(Samples.Session);

        Assert.Equal(RefusalReason.EmailMissing, result.Refusal?.Reason);
        Assert.Empty(core.Users.ListUsers());
    }

    [Fact]
    public async Task An_identity_from_another_org_than_the_session_is_an_invalid_session()
    {
        var foreignOrg = SalesforceId.Parse("00D000000000002");
        core.Salesforce.Accept(Samples.Session, Samples.Identity with { OrgId = foreignOrg });

        var result = await Validate(Samples.Session);

        Assert.Equal(RefusalReason.InvalidSession, result.Refusal?.Reason);
        Assert.Empty(core.Users.ListUsers());
    }

    [Fact]
    public async Task Salesforce_being_down_is_reported_as_unavailable()
    {
        core.Salesforce.Outage = Refusal.SalesforceUnavailable;

        var result = await Validate(Samples.Session);

        Assert.Equal(RefusalReason.SalesforceUnavailable, result.Refusal?.Reason);
        Assert.Empty(core.Users.ListUsers());
    }

    [Fact]
    public async Task The_directory_being_down_is_reported_as_unavailable()
    {
        using var withBrokenDirectory = new CoreHarness(configure: services =>
            services.AddSingleton<IIdentityDirectory>(new UnavailableDirectory()));
        withBrokenDirectory.Salesforce.Accept(Samples.Session, Samples.Identity);

        var result = await withBrokenDirectory.Mediator.Send(new ValidateSession(new SalesforceSession(Samples.Session)));

        Assert.Equal(RefusalReason.DirectoryUnavailable, result.Refusal?.Reason);
        Assert.Null(result.Username);
    }

    [Fact]
    public async Task Fifty_concurrent_validations_for_one_new_user_end_with_exactly_one_user()
    {
        core.Salesforce.Accept(Samples.Session, Samples.Identity);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var validations = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await Validate(Samples.Session);
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(validations);

        Assert.All(results, result => Assert.Equal(Samples.Username, result.Username));
        Assert.Single(results, result => result.Created);
        Assert.Single(core.Users.ListUsers());
    }

    private sealed class UnavailableDirectory : IIdentityDirectory
    {
        public ValueTask<DirectoryResult<DirectoryUser>> GetAsync(string username, CancellationToken cancellationToken) =>
            ValueTask.FromResult(DirectoryResult.Failed<DirectoryUser>(DirectoryError.Unavailable));

        public ValueTask<DirectoryResult<DirectoryUser>> CreateAsync(DirectoryUser user, CancellationToken cancellationToken) =>
            ValueTask.FromResult(DirectoryResult.Failed<DirectoryUser>(DirectoryError.Unavailable));

        public ValueTask<DirectoryError> UpdateEmailAsync(string username, string email, bool emailVerified, CancellationToken cancellationToken) =>
            ValueTask.FromResult(DirectoryError.Unavailable);

        public ValueTask<DirectoryError> RecordSalesforceUserAsync(string username, SalesforceId orgId, SalesforceId userId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(DirectoryError.Unavailable);

        public ValueTask<DirectoryResult<IReadOnlyList<DirectoryUser>>> FindByVerifiedEmailAsync(string email, CancellationToken cancellationToken) =>
            ValueTask.FromResult(DirectoryResult.Failed<IReadOnlyList<DirectoryUser>>(DirectoryError.Unavailable));
    }
}
