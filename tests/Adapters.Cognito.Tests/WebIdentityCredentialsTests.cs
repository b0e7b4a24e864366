using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;
using SfCognitoSso.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SfCognitoSso.Adapters.Cognito.Tests;

/// <summary>Keyless access: a platform token exchanged with a stand-in STS on loopback for role credentials that sign
/// the Cognito calls, renewed before they expire.</summary>
public sealed class WebIdentityCredentialsTests : IDisposable
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/sfcognitosso-validator";
    private const string PlatformToken = "eyJhbGciOiJSUzI1NiJ9.platform-token.signature";

    private readonly WireMockServer sts = Loopback.StartWireMock();
    private readonly WireMockServer cognito = Loopback.StartWireMock();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
    private int keyNumber;

    public WebIdentityCredentialsTests()
    {
        cognito.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody($$"""
            {"Username":"{{Samples.Username}}","Enabled":true,"UserStatus":"CONFIRMED","UserAttributes":[
             {"Name":"email","Value":"{{Samples.Email}}"},{"Name":"email_verified","Value":"true"},
             {"Name":"custom:sf_org_id","Value":"{{Samples.OrgId18}}"},{"Name":"custom:sf_user_id","Value":"{{Samples.UserId18}}"}]}
            """));
    }

    public void Dispose()
    {
        sts.Stop();
        cognito.Stop();
    }

    [Fact]
    public async Task Cognito_calls_are_signed_with_assumed_role_credentials_renewed_before_they_expire()
    {
        StsAnswers(expiresIn: TimeSpan.FromHours(1));
        using var provider = Build(sts.Url!);
        var provisioning = provider.GetRequiredService<UserProvisioning>();

        Assert.True((await provisioning.FindOrCreateAsync(Samples.Identity, CancellationToken.None)).Succeeded);
        Assert.True((await provisioning.FindOrCreateAsync(Samples.NewIdentity(7) with { UserId = Samples.Identity.UserId }, CancellationToken.None)).Succeeded);

        var assumed = Assert.Single(sts.LogEntries);
        Assert.Contains("Action=AssumeRoleWithWebIdentity", assumed.RequestMessage.Body, StringComparison.Ordinal);
        Assert.Contains($"WebIdentityToken={Uri.EscapeDataString(PlatformToken)}", assumed.RequestMessage.Body, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(RoleArn), assumed.RequestMessage.Body, StringComparison.Ordinal);
        var signed = cognito.LogEntries[0].RequestMessage;
        Assert.Contains("Credential=ASIAROLE1/", signed.Headers!["Authorization"].Single(), StringComparison.Ordinal);
        var sessionToken = signed.Headers.Single(header => string.Equals(header.Key, "X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("session-token-1", sessionToken.Value.Single());

        // Four minutes before expiry: inside the five-minute margin, so the next call renews first.
        clock.Advance(TimeSpan.FromMinutes(56));
        Assert.Equal("ASIAROLE2", (await provider.GetRequiredService<Amazon.Runtime.AWSCredentials>().GetCredentialsAsync()).AccessKey);
        Assert.Equal(2, sts.LogEntries.Count);
    }

    [Fact]
    public async Task Sts_down_makes_the_directory_unavailable_not_an_error_page()
    {
        using var provider = Build(Loopback.ClosedUrl());

        var outcome = await provider.GetRequiredService<UserProvisioning>().FindOrCreateAsync(Samples.Identity, CancellationToken.None);

        Assert.Equal(RefusalReason.DirectoryUnavailable, outcome.Refusal?.Reason);
        Assert.Empty(cognito.LogEntries);
    }

    private void StsAnswers(TimeSpan expiresIn) =>
        sts.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
        {
            var number = Interlocked.Increment(ref keyNumber);
            var expires = (clock.GetUtcNow() + expiresIn).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            return new WireMock.ResponseMessage
            {
                StatusCode = 200,
                Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("text/xml") },
                BodyData = new WireMock.Util.BodyData
                {
                    DetectedBodyType = WireMock.Types.BodyType.String,
                    BodyAsString = $"""
                        <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
                          <AssumeRoleWithWebIdentityResult>
                            <SubjectFromWebIdentityToken>managed-identity</SubjectFromWebIdentityToken>
                            <Credentials>
                              <AccessKeyId>ASIAROLE{number}</AccessKeyId>
                              <SecretAccessKey>secret-{number}</SecretAccessKey>
                              <SessionToken>session-token-{number}</SessionToken>
                              <Expiration>{expires}</Expiration>
                            </Credentials>
                            <AssumedRoleUser><Arn>{RoleArn}/sfcognitosso-validator</Arn><AssumedRoleId>AROA:sfcognitosso-validator</AssumedRoleId></AssumedRoleUser>
                          </AssumeRoleWithWebIdentityResult>
                          <ResponseMetadata><RequestId>00000000-0000-0000-0000-00000000000{number}</RequestId></ResponseMetadata>
                        </AssumeRoleWithWebIdentityResponse>
                        """,
                },
            };
        }));

    private ServiceProvider Build(string stsUrl)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cognito:UserPoolId"] = "eu-west-1_AbC123",
            ["Cognito:ServiceUrl"] = cognito.Url,
            ["Cognito:RoleArn"] = RoleArn,
            ["Cognito:WebIdentityAudience"] = "api://sfcognitosso-aws",
            ["Cognito:StsServiceUrl"] = stsUrl,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddFakeLogging());
        services.AddSingleton<TimeProvider>(clock);
        services.AddOptions<IdentityOptions>();
        services.AddSingleton<IWebIdentityTokenSource>(new FixedToken());
        services.AddCognitoDirectory(configuration);
        services.AddSingleton<UserProvisioning>();
        return services.BuildServiceProvider();
    }

    private sealed class FixedToken : IWebIdentityTokenSource
    {
        public ValueTask<string> GetTokenAsync(string audience, CancellationToken cancellationToken) =>
            ValueTask.FromResult(audience == "api://sfcognitosso-aws" ? PlatformToken : "wrong-audience");
    }
}
