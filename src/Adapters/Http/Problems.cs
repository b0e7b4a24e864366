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
    public static ProblemHttpResult From(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var entry = RefusalCodes.For(refusal.Reason);
        return TypedResults.Problem(
            detail: refusal.Message,
            statusCode: entry.Status,
            title: entry.Title,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = entry.Code });
    }
}
