namespace SfCognitoSso.Core;

/// <summary>Why a flow refused. Each reason maps to one stable client-facing code at the edges.</summary>
public enum FailureReason
{
    InvalidRequest,
    InvalidSession,
    OrgNotAllowed,
    UserInactive,
    EmailMissing,
    EmailUnverified,
    UserTypeNotAllowed,
    AmbiguousUser,
    IdentityConflict,
    SalesforceUnavailable,
    DirectoryUnavailable,
    CanvasSignatureInvalid,
    CanvasNotConfigured,
}
