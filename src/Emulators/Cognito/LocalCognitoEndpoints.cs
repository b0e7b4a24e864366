using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Emulators.Cognito;

public static class LocalCognitoEndpoints
{
    /// <summary>Larger than any request the API takes; bigger bodies are refused before parsing.</summary>
    public const int MaxRequestBytes = 256 * 1024;


    /// <summary>What a browser client sends (the SDK, identity-js and Amplify) to the public operations. Not SigV4's
    /// headers: admin operations are not served to browsers.</summary>
    public const string AllowedHeaders =
        "content-type, x-amz-target, x-amz-user-agent, cache-control, amz-sdk-invocation-id, amz-sdk-request";

    public const string ExposedHeaders = "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date";

    /// <summary>The emulated pool, from its own section (<c>CognitoEmulator__UserPoolId</c>, <c>__ClientId</c>,
    /// <c>__SessionValiditySeconds</c>, <c>__SigningKeyFile</c>, <c>__CustomAttributes__N</c>). Register an
    /// <see cref="IUserPoolTriggers"/> to run custom authentication.</summary>
    public static IServiceCollection AddLocalCognito(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddLocalCognito(_ => { });
        services.AddOptions<LocalCognitoOptions>().Bind(configuration.GetSection(LocalCognitoOptions.Section));
        return services;
    }

    /// <summary>The emulated pool, configured by its host in code (the local stack hands over its own settings).</summary>
    public static IServiceCollection AddLocalCognito(this IServiceCollection services, Action<LocalCognitoOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<LocalCognitoOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocalCognitoOptions>>(new LocalCognitoOptionsValidator()));
        services.TryAddSingleton<SigningKey>();
        services.TryAddSingleton<PoolUsers>();
        services.TryAddSingleton<AuthSessions>();
        services.TryAddSingleton<Tokens>();
        services.TryAddSingleton<TriggerInvoker>();
        services.TryAddSingleton<PoolGate>();
        services.TryAddSingleton<CustomAuthFlow>();
        services.TryAddSingleton<AdminOperations>();
        services.TryAddSingleton<CognitoQuotas>();
        services.TryAddSingleton<UserPoolEmulator>();
        return services;
    }

    /// <summary>
    /// Serves the pool on every path, as Cognito's endpoint does: <c>POST</c> with <c>X-Amz-Target</c> (the SDK posts
    /// to <c>/</c>, identity-js and Amplify to the endpoint's own path), the JWKS and OpenID discovery under
    /// <c>/&lt;poolId&gt;/.well-known/</c>, and CORS for browsers.
    /// </summary>
    public static void RunLocalCognito(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Run(HandleAsync);
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var pool = context.RequestServices.GetRequiredService<IOptions<LocalCognitoOptions>>().Value;
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();

        // Only this machine's names: a page on another site that rebinds its own name to 127.0.0.1 gets nothing.
        if (!LoopbackHosts.IsLoopback(request.Host.Host))
        {
            response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            return;
        }

        var target = request.Headers[CognitoWire.TargetHeader].ToString();
        var admin = UserPoolEmulator.IsAdminOperation(target);
        if (!admin)
        {
            // Browsers may call the public operations and read the pool's keys, as they may Cognito's.
            response.Headers["Access-Control-Allow-Origin"] = "*";
            response.Headers["Access-Control-Expose-Headers"] = ExposedHeaders;
        }

        if (HttpMethods.IsOptions(request.Method))
        {
            response.Headers["Access-Control-Allow-Methods"] = "POST, GET, OPTIONS";
            response.Headers["Access-Control-Allow-Headers"] = AllowedHeaders;
            response.Headers["Access-Control-Max-Age"] = "86400";
            response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        if (HttpMethods.IsGet(request.Method))
        {
            var wellKnown = $"/{pool.UserPoolId}/.well-known/";
            var document = request.Path.Value switch
            {
                { } path when path == wellKnown + "jwks.json" => context.RequestServices.GetRequiredService<SigningKey>().Jwks(),
                { } path when path == wellKnown + "openid-configuration" => Discovery(pool, $"{request.Scheme}://{request.Host}{wellKnown}jwks.json"),
                _ => null,
            };
            if (document is null)
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            response.ContentType = "application/json";
            await response.WriteAsync(document.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var body = await ReadBodyAsync(request, context.RequestAborted).ConfigureAwait(false);
        EmulatorResponse answer;
        if (body is null)
        {
            answer = EmulatorResponse.Error(UserPoolException.InvalidParameter("The request body is too large."));
        }
        else if (admin && request.Headers.Origin.Count > 0)
        {
            // Admin credentials never live in a page, so an admin call from one is someone else's page at work.
            answer = EmulatorResponse.Error(new UserPoolException("AccessDeniedException", "Admin operations are not served to browsers."));
        }
        else
        {
            var signed = admin ? AdminSignature.Verify(request, body, context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()) : AdminSignatureCheck.Missing;
            answer = await context.RequestServices.GetRequiredService<UserPoolEmulator>().HandleAsync(target, signed, body, context.RequestAborted).ConfigureAwait(false);
        }

        response.StatusCode = answer.Status;
        response.ContentType = CognitoWire.JsonContentType;
        if (answer.ErrorType is not null)
        {
            response.Headers["x-amzn-ErrorType"] = answer.ErrorType + ":";
            response.Headers["x-amzn-ErrorMessage"] = answer.ErrorMessage;
        }

        await response.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
    }


    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxRequestBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Cognito's discovery document for a pool without a domain (so no OAuth endpoints), its
    /// <c>jwks_uri</c> pointing here.</summary>
    private static JsonObject Discovery(LocalCognitoOptions pool, string jwksUri) => new()
    {
        ["issuer"] = pool.Issuer,
        ["jwks_uri"] = jwksUri,
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["response_types_supported"] = new JsonArray("code", "token"),
        ["scopes_supported"] = new JsonArray("openid", "email", "phone", "profile"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_basic", "client_secret_post"),
    };
}
