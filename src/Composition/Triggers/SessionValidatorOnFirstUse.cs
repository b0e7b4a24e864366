using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Core.Sessions;

namespace SfCognitoSso.Composition;

/// <summary>
/// Verify's Salesforce adapter — HTTP, TLS, resilience, the validation cache — for a function that serves every
/// trigger: composed (as the verify function's own composition) when the first verify event asks Salesforce, not at
/// the cold start, which is usually a Define event that needs none of it. Its settings are still checked at the cold
/// start, with every other trigger's. A composition that fails is tried again on the next verify event. The JWT
/// access token check lives in the same adapter, so it is composed the same way, once for both.
/// </summary>
internal sealed class SessionValidatorOnFirstUse(Func<ServiceProvider> compose) : ISessionValidator, IAccessTokenValidator, IAsyncDisposable, IDisposable
{
    private readonly Lock gate = new();
    private ServiceProvider? provider;
    private ISessionValidator? validator;
    private IAccessTokenValidator? accessTokens;

    public ValueTask<SessionValidation> ValidateAsync(SalesforceSession session, TrustedOrg org, CancellationToken cancellationToken) =>
        Validator().ValidateAsync(session, org, cancellationToken);

    public ValueTask<SessionValidation> ValidateSignedOutUserAsync(SalesforceSession session, TrustedOrg org, DateTimeOffset signedOutAt, CancellationToken cancellationToken) =>
        Validator().ValidateSignedOutUserAsync(session, org, signedOutAt, cancellationToken);

    public ValueTask<AccessTokenCheck> CheckAsync(SalesforceSession token, CancellationToken cancellationToken)
    {
        Validator();
        return Volatile.Read(ref accessTokens)!.CheckAsync(token, cancellationToken);
    }

    /// <summary>Composes the adapter now (initialisation ahead of traffic), as the first verify event would.</summary>
    public void Compose() => _ = Validator();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref provider, null) is { } built)
        {
            await built.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => Interlocked.Exchange(ref provider, null)?.Dispose();

    private ISessionValidator Validator()
    {
        if (Volatile.Read(ref validator) is { } ready)
        {
            return ready;
        }

        lock (gate)
        {
            if (validator is null)
            {
                var built = compose();
                try
                {
                    accessTokens = built.GetRequiredService<IAccessTokenValidator>();
                    validator = built.GetRequiredService<ISessionValidator>();
                }
                catch
                {
                    built.Dispose();
                    throw;
                }

                provider = built;
            }

            return validator;
        }
    }
}
