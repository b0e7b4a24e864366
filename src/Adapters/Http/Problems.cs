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
    public static (int Status, string Code) For(FailureReason reason)
    {
        var refusal = Refusals.For(reason);
        return (refusal.Status, refusal.Code);
    }

    public static ProblemHttpResult From(Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var (status, code) = For(failure.Reason);
        return Create(status, code, failure.Message);
    }

    public static ProblemHttpResult Create(int status, string code, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: Title(code),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = code });

    private static string Title(string code) => Refusals.All.FirstOrDefault(row => row.Code == code)?.Title ?? "The request was refused.";
}
