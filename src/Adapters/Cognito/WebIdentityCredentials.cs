using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Adapters.Cognito;

/// <summary>
/// Keyless AWS access (<c>Cognito__RoleArn</c> + <c>Cognito__WebIdentityAudience</c>): a web identity token from
/// the platform, exchanged with STS AssumeRoleWithWebIdentity for short-lived role credentials, refreshed five minutes
/// before they expire on the host's clock. No AWS secret is stored anywhere. A failure (platform or STS down) is an
/// exception the Cognito client reports as the directory being unavailable; the next call tries again.
/// </summary>
public sealed partial class WebIdentityCredentials : AWSCredentials, IDisposable
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly CognitoOptions options;
    private readonly IWebIdentityTokenSource tokens;
    private readonly TimeProvider time;
    private readonly ILogger<WebIdentityCredentials> logger;
    private readonly AmazonSecurityTokenServiceClient sts;
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private (ImmutableCredentials Credentials, DateTimeOffset Expires)? current;

    public WebIdentityCredentials(IOptions<CognitoOptions> options, IWebIdentityTokenSource tokens, TimeProvider time, ILogger<WebIdentityCredentials> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.tokens = tokens;
        this.time = time;
        this.logger = logger;
        var config = new AmazonSecurityTokenServiceConfig
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(this.options.ResolvedRegion),
            MaxErrorRetry = 1,
            Timeout = TimeSpan.FromSeconds(2),
        };
        if (!string.IsNullOrWhiteSpace(this.options.StsServiceUrl))
        {
            config.ServiceURL = this.options.StsServiceUrl;
        }

        // AssumeRoleWithWebIdentity is unsigned: the web identity token is the proof.
        sts = new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config);
    }

    public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        if (current is { } held && time.GetUtcNow() < held.Expires - RefreshMargin)
        {
            return held.Credentials;
        }

        await refreshing.WaitAsync().ConfigureAwait(false);
        try
        {
            if (current is { } fresh && time.GetUtcNow() < fresh.Expires - RefreshMargin)
            {
                return fresh.Credentials;
            }

            var token = await tokens.GetTokenAsync(options.WebIdentityAudience!, CancellationToken.None).ConfigureAwait(false);
            var assumed = await sts.AssumeRoleWithWebIdentityAsync(new AssumeRoleWithWebIdentityRequest
            {
                RoleArn = options.RoleArn,
                RoleSessionName = "sfcognitosso-validator",
                WebIdentityToken = token,
                DurationSeconds = 3600,
            }).ConfigureAwait(false);
            var credentials = assumed.Credentials;
            var expires = credentials.Expiration is { } expiration
                ? new DateTimeOffset(DateTime.SpecifyKind(expiration, DateTimeKind.Utc))
                : time.GetUtcNow().AddMinutes(15);
            current = (new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), expires);
            LogAssumed(options.RoleArn!, expires);
            return current.Value.Credentials;
        }
        finally
        {
            refreshing.Release();
        }
    }

    public void Dispose()
    {
        sts.Dispose();
        refreshing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Assumed {RoleArn} with a web identity; credentials valid until {Expires:u}")]
    private partial void LogAssumed(string roleArn, DateTimeOffset expires);
}
