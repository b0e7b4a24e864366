using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// Every refusal as <c>application/problem+json</c> with its HTTP status and a stable <c>code</c>. Clients branch on
/// <c>code</c> (from <see cref="RefusalCodes"/>); <c>detail</c> is for people and never holds the session or text from Salesforce or AWS.
/// </summary>
public static class Problems
{
    /// <summary>ASP.NET Core fills <c>type</c> for the statuses it knows, not these two; the OpenAPI document
    /// requires a <c>type</c> on every problem.</summary>
    private static readonly Dictionary<int, string> TypesAspNetLeavesOut = new()
    {
        [StatusCodes.Status413PayloadTooLarge] = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        [StatusCodes.Status429TooManyRequests] = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
    };

    public static ProblemHttpResult From(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var entry = RefusalCodes.For(refusal.Reason);
        return TypedResults.Problem(
            detail: refusal.Message,
            statusCode: entry.Status,
            title: entry.Title,
            type: TypesAspNetLeavesOut.GetValueOrDefault(entry.Status),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = entry.Code });
    }
}
