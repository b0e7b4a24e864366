using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Configuration;

namespace SfCognitoSso.Adapters.Http;

public static class ValidatorEndpoints
{
    public const string OpenApiRoute = "/openapi/{documentName}.json";

    /// <summary>The endpoint's own services: rate limit, trusted proxies, telemetry, problem details.</summary>
    public static IServiceCollection AddValidatorEndpoint(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section))
            .Configure(options => options.Redis = configuration["Cache:Redis"]).CheckedAtStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ForwardedHeadersSettings>().Bind(configuration.GetSection(ForwardedHeadersSettings.Section)).CheckedAtStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ForwardedHeadersSettings>, ForwardedHeadersSettingsValidator>());
        services.AddOptions<HttpEdgeSettings>().Bind(configuration.GetSection(HttpEdgeSettings.Section)).CheckedAtStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HttpEdgeSettings>, HttpEdgeSettingsValidator>());
        services.AddOptions<CorsOptions>().Bind(configuration.GetSection(CorsOptions.Section)).CheckedAtStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CorsOptions>, CorsOptionsValidator>());
        services.TryAddSingleton<ValidatorCors>();
        services.AddMetrics();
        services.AddProblemDetails();
        services.TryAddSingleton<ClientAddresses>();
        services.TryAddSingleton<ValidatorTelemetry>();
        services.TryAddSingleton<RequestLimits>();
        services.TryAddSingleton<SessionRequestEdge>();
        services.TryAddSingleton<SessionValidationEndpoint>();
        services.TryAddSingleton<TokenExchangeEndpoint>();
        services.TryAddSingleton<ValidatorHealth>();
        return services;
    }

    /// <summary>The OpenAPI document generator, for hosts that map the endpoints with <see cref="MapValidatorEndpoints"/>.
    /// (Hosts without minimal-API endpoints serve <see cref="ValidatorOpenApi.Document"/> instead.)</summary>
    public static IServiceCollection AddValidatorOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SfCognitoSso validator";
            document.Info.Description =
                "Exchange a Salesforce session ({\"sessionId\"}), a Salesforce JWT-based access token ({\"accessToken\"}) or a Canvas signed request ({\"signedRequest\"}, whose OAuth token is then the session) " +
                "for the Cognito username to sign in with (CUSTOM_AUTH). Every error is " +
                $"application/problem+json with a stable `code`: {RefusalCodes.Listed()}. " +
                "Every host serves the same paths: on Azure Functions too (its host.json sets an empty route prefix, so there is no api/ segment).";
            ValidatorOpenApiContract.Apply(document);
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary><c>POST /v1/sessions/validate</c>, <c>GET /healthz</c>, <c>GET /openapi/v1.json</c>.</summary>
    public static IEndpointRouteBuilder MapValidatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(ValidatorRoutes.ValidateSession, (HttpContext context, SessionValidationEndpoint endpoint) => endpoint.HandleAsync(context))
            .WithName("ValidateSession")
            .WithTags("Validator")
            .WithSummary("Validate a Salesforce session and find or create its Cognito user.")
            // The body is described here rather than with Accepts(): Accepts would make routing answer a wrong
            // content type with a bare 415, where the contract promises a 400 problem.
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(ValidateSessionBody), cancellationToken: cancellationToken).ConfigureAwait(false) },
                    },
                };
            })
            .Produces<ValidateSessionResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        endpoints.MapMethods(ValidatorRoutes.ValidateSession, [HttpMethods.Options], (HttpContext context, ValidatorCors cors) => cors.Preflight(context))
            .WithName("ValidateSessionPreflight")
            .ExcludeFromDescription();
        // Mapped whether or not the exchange is on, so every host gives the same answer while it is off (the endpoint's 404).
        var exchangeOn = endpoints.ServiceProvider.GetRequiredService<TokenExchangeEndpoint>().Enabled;
        var exchange = endpoints.MapPost(ValidatorRoutes.TokenExchange, (HttpContext context, TokenExchangeEndpoint exchange) => exchange.HandleAsync(context))
            .WithName("TokenExchange")
            .WithTags("Validator")
            .WithSummary("RFC 8693 token exchange: a Salesforce session (subject_token) for Cognito tokens, in one call.")
            .WithDescription("Form-encoded. subject_token_type: the access_token type or urn:salesforce:params:oauth:token-type:session_id for a session, " +
                "urn:salesforce:params:oauth:token-type:canvas_signed_request for a Canvas signed request. Answers the requested token only (requested_token_type: access, ID or refresh token; access by default), " +
                "plus id_token when scope=openid. audience and resource, when given, must be the exchange's app client ID; actor_token is refused " +
                "(no delegation). Errors are RFC 6749 JSON {error, error_description}: invalid_request, invalid_target, invalid_scope, " +
                "invalid_grant, unsupported_grant_type, temporarily_unavailable.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status400BadRequest, contentType: "application/json")
            .Produces(StatusCodes.Status503ServiceUnavailable, contentType: "application/json");
        if (!exchangeOn)
        {
            exchange.ExcludeFromDescription();
        }

        endpoints.MapMethods(ValidatorRoutes.TokenExchange, [HttpMethods.Options], (HttpContext context, TokenExchangeEndpoint exchange) => exchange.Preflight(context))
            .WithName("TokenExchangePreflight")
            .ExcludeFromDescription();

        endpoints.MapGet(ValidatorRoutes.Health, (ValidatorHealth health) => health.Answer())
            .WithName("Health")
            // A probe for load balancers and platforms, not part of the client contract (always 200; the body says
            // ok or degraded): generated clients have no use for it.
            .ExcludeFromDescription();
        endpoints.MapOpenApi(OpenApiRoute);
        return endpoints;
    }
}
