namespace SfCognitoSso.Core;

/// <summary>
/// Why a sign-in, a token exchange or a request was refused: the one list of reasons from Core to HTTP. Each maps to one
/// stable client-facing code at the edges (the HTTP adapter's <c>RefusalCodes</c>); <c>docs/architecture.md</c> lists
/// them all, and a test keeps that list and this enum equal.
/// </summary>
public enum RefusalReason
{
    /// <summary>The request is malformed: a missing or oversized field, a bad shape, an unsupported option.</summary>
    InvalidRequest,

    /// <summary>Salesforce did not accept the session, or it belongs to another user than the input names.</summary>
    InvalidSession,

    /// <summary>The session's org (or a signed request's instance) is not one this deployment trusts.</summary>
    OrgNotAllowed,

    /// <summary>The Salesforce user is inactive, or the directory user is disabled.</summary>
    UserInactive,

    /// <summary>The Salesforce user has no email address.</summary>
    EmailMissing,

    /// <summary>Users are linked by email and Salesforce does not say the address is verified.</summary>
    EmailUnverified,

    /// <summary>A guest, portal or community user not allowed by <c>Salesforce__AllowedUserTypes</c>.</summary>
    UserTypeNotAllowed,

    /// <summary>More than one directory user has the email, or another one already uses it.</summary>
    AmbiguousUser,

    /// <summary>The directory user with this name does not belong to this Salesforce user.</summary>
    IdentityConflict,

    /// <summary>Salesforce could not be reached or gave an unusable answer.</summary>
    SalesforceUnavailable,

    /// <summary>The user directory could not be reached, is throttling, or issues no tokens here.</summary>
    DirectoryUnavailable,

    /// <summary>A Canvas signed request's signature does not hold for its org's canvas app.</summary>
    CanvasSignatureInvalid,

    /// <summary>No canvas app consumer secret is configured for the signed request's org.</summary>
    CanvasNotConfigured,

    /// <summary>The request body is larger than the edge accepts.</summary>
    RequestTooLarge,

    /// <summary>This client (or its network) has used up its requests for now.</summary>
    RateLimited,

    /// <summary>Too many requests are in progress on this deployment.</summary>
    ServerBusy,
}
