using System.Diagnostics.CodeAnalysis;

namespace SfCognitoSso.Core.Sessions;

/// <summary>
/// Port: checks a Salesforce JWT-based access token offline, against its org's published keys. The org comes from the
/// token's signed header and must be a trusted one (refused with no outbound call otherwise); the keys come only from
/// that org's configured instance. Says whose token it is; Salesforce is not asked who the user is.
/// </summary>
public interface IAccessTokenValidator
{
    /// <summary>The org, user and times of a token every check passed, or why not. Expected outcomes never throw.</summary>
    ValueTask<AccessTokenCheck> CheckAsync(SalesforceSession token, CancellationToken cancellationToken);
}

/// <summary>A token's org, user and times, or a refusal; never both, never neither.</summary>
public sealed record AccessTokenCheck
{
    private AccessTokenCheck(TrustedOrg? org, SalesforceId userId, DateTimeOffset issuedAt, Refusal? refusal) =>
        (Org, UserId, IssuedAt, Refusal) = (org, userId, issuedAt, refusal);

    /// <summary>The trusted org that signed the token.</summary>
    public TrustedOrg? Org { get; }

    /// <summary>The user the token was issued to (its <c>sub</c>).</summary>
    public SalesforceId UserId { get; }

    /// <summary>When Salesforce issued the token (its <c>iat</c>): a sign-out mark at or after it outlives the token.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>Why not, when refused.</summary>
    public Refusal? Refusal { get; }

    /// <summary>True when <see cref="Org"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Org))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Org is not null;

    /// <summary>A token every check passed.</summary>
    public static AccessTokenCheck Valid(TrustedOrg org, SalesforceId userId, DateTimeOffset issuedAt) =>
        new(org ?? throw new ArgumentNullException(nameof(org)), userId, issuedAt, null);

    /// <summary>A token refused, and why.</summary>
    public static AccessTokenCheck Refused(Refusal refusal) =>
        new(null, default, default, refusal ?? throw new ArgumentNullException(nameof(refusal)));
}
