using Microsoft.AspNetCore.Http;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core.Health;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// <c>GET /healthz</c> for every validator host: 200 while the validator answers (it can validate sessions), with
/// <c>status</c> <c>degraded</c> and the reasons in <c>checks</c> when a part is not well. Never 503 for a degraded part:
/// a load balancer would take away an instance that still signs users in.
/// </summary>
public sealed class ValidatorHealth(IEnumerable<IComponentHealth> components)
{
    private readonly IComponentHealth[] parts = [.. components];

    public HealthResponse Report()
    {
        Dictionary<string, string>? checks = null;
        foreach (var status in parts.Select(part => part.Status()).Where(status => status.Degraded))
        {
            checks ??= new(StringComparer.Ordinal);
            checks[status.Name] = status.Detail ?? "degraded";
        }

        return checks is null ? new HealthResponse("ok") : new HealthResponse("degraded") { Checks = checks };
    }

    public IResult Answer() => TypedResults.Json(Report(), ValidatorJsonContext.Default.HealthResponse);
}
