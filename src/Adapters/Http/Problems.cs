using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using SfCognitoSso.Contracts;
using SfCognitoSso.Core;

namespace SfCognitoSso.Adapters.Http;

/// <summary>
/// Every refusal as <c>application/problem+json</c> with its HTTP status and a stable <c>code</c>. Clients branch on
/// <c>code</c> (from the failure table, <see cref="Refusals"/>); <c>detail</c> is for people and never holds the session or text from Salesforce or AWS.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult From(Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return Create(Refusals.For(failure.Reason), failure.Message);
    }

    public static ProblemHttpResult Create(Refusal refusal, string detail)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return TypedResults.Problem(
            detail: detail,
            statusCode: refusal.Status,
            title: refusal.Title,
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = refusal.Code });
    }
}
