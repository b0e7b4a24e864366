using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SfCognitoSso.Adapters.Cognito.Api;
using SfCognitoSso.Core;
using SfCognitoSso.Core.Directory;
using SfCognitoSso.Core.Identity;

namespace SfCognitoSso.Adapters.Cognito;

/// <summary>
/// Find-or-create against a Cognito user pool. A returning user costs one AdminGetUser (never ListUsers, which
/// Cognito caps far lower); a new one adds AdminCreateUser; a lost creation race (UsernameExists) reads the winner
/// back, so concurrent first logins end with one user. Cognito's messages are never passed on.
/// </summary>
public sealed partial class CognitoIdentityDirectory(
    CognitoApiClient cognito,
    IOptions<IdentityOptions> identityOptions,
    TimeProvider timeProvider,
    ILogger<CognitoIdentityDirectory> logger) : IIdentityDirectory
{
    private const int ListPageSize = 60;
    private const int MaxListPages = 5;

    private static readonly Failure EmailTaken =
        new(FailureReason.AmbiguousUser, "Another Cognito user already uses this email address.");

    private static readonly Failure Disabled = new(FailureReason.UserInactive, "The Cognito user is disabled.");

    private readonly IdentityKey identityKey = identityOptions.Value.Key;
    private readonly KnownUsers knownUsers = new(timeProvider);

    public async ValueTask<DirectoryOutcome> FindOrCreateAsync(SalesforceIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (knownUsers.Find(identity) is { } known)
        {
            return DirectoryOutcome.Found(known);
        }

        var outcome = identityKey == IdentityKey.Email
            ? await FindByEmailAsync(identity, cancellationToken).ConfigureAwait(false)
                ?? await FindOrCreateByUsernameAsync(identity, cancellationToken).ConfigureAwait(false)
            : await FindOrCreateByUsernameAsync(identity, cancellationToken).ConfigureAwait(false);
        if (outcome.User is { } user)
        {
            knownUsers.Remember(identity, user);
        }

        return outcome;
    }

    /// <summary>Null when no user has the email verified; then the Salesforce-ID username is used.</summary>
    private async ValueTask<DirectoryOutcome?> FindByEmailAsync(SalesforceIdentity identity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(identity.Email))
        {
            return null;
        }

        var found = await FindByExactEmailAsync(identity.Email, cancellationToken).ConfigureAwait(false);
        var lowercase = identity.Email.ToLowerInvariant();
        if (found is null && lowercase != identity.Email)
        {
            // Cognito's email filter matches exactly; most providers store addresses in lower case.
            found = await FindByExactEmailAsync(lowercase, cancellationToken).ConfigureAwait(false);
        }

        return found;
    }

    private async ValueTask<DirectoryOutcome?> FindByExactEmailAsync(string email, CancellationToken cancellationToken)
    {
        var filter = CognitoApiClient.EqualsFilter(IdentityMapping.EmailAttribute, email);
        var matches = new List<DirectoryUser>();
        string? page = null;
        for (var pages = 0; pages < MaxListPages && matches.Count < 2; pages++)
        {
            var listed = await cognito.ListUsersAsync(filter, ListPageSize, page, cancellationToken).ConfigureAwait(false);
            if (listed.Error is { } error)
            {
                return Refuse("ListUsers", error);
            }

            matches.AddRange(listed.Value!.Users?.Select(ToDirectoryUser).Where(user => HasVerifiedEmail(user, email)) ?? []);
            page = listed.Value.PaginationToken;
            if (string.IsNullOrEmpty(page))
            {
                break;
            }
        }

        return matches.Count switch
        {
            0 => null,
            1 => DirectoryOutcome.Found(matches[0]),
            _ => DirectoryOutcome.Refused(Failure.AmbiguousUser),
        };
    }

    private async ValueTask<DirectoryOutcome> FindOrCreateByUsernameAsync(SalesforceIdentity identity, CancellationToken cancellationToken)
    {
        var username = IdentityMapping.UsernameFor(identity);
        var found = await GetAsync(identity, username, cancellationToken).ConfigureAwait(false);
        if (found is not null)
        {
            return found;
        }

        var created = await cognito.AdminCreateUserAsync(username, IdentityMapping.AttributesFor(identity), cancellationToken)
            .ConfigureAwait(false);
        switch (created.Error?.Kind)
        {
            case null:
                LogCreated(identity.OrgId.Value);
                return DirectoryOutcome.NewUser(new DirectoryUser(
                    username, ToAttributes(created.Value!.User?.Attributes) is { Count: > 0 } returned ? returned : IdentityMapping.AttributesFor(identity)));
            case CognitoErrorKind.UsernameExists:
                // Another login created it between our read and our create: read the winner back.
                return await GetAsync(identity, username, cancellationToken).ConfigureAwait(false)
                    ?? DirectoryOutcome.Refused(Failure.DirectoryUnavailable);
            case CognitoErrorKind.AliasExists:
                return Refuse("AdminCreateUser", created.Error, EmailTaken);
            default:
                return Refuse("AdminCreateUser", created.Error);
        }
    }

    /// <summary>The user with this username, its email brought in line with Salesforce; null when there is none.</summary>
    private async ValueTask<DirectoryOutcome?> GetAsync(SalesforceIdentity identity, string username, CancellationToken cancellationToken)
    {
        var got = await cognito.AdminGetUserAsync(username, cancellationToken).ConfigureAwait(false);
        if (got.Error is { Kind: CognitoErrorKind.UserNotFound })
        {
            return null;
        }

        if (got.Error is { } error)
        {
            return Refuse("AdminGetUser", error);
        }

        if (!got.Value!.Enabled)
        {
            return DirectoryOutcome.Refused(Disabled);
        }

        var attributes = ToAttributes(got.Value.UserAttributes);
        var changes = EmailChanges(identity, attributes);
        if (changes.Count > 0)
        {
            var updated = await cognito.AdminUpdateUserAttributesAsync(username, changes, cancellationToken).ConfigureAwait(false);
            if (updated.Error is { } updateError)
            {
                return updateError.Kind == CognitoErrorKind.AliasExists
                    ? Refuse("AdminUpdateUserAttributes", updateError, EmailTaken)
                    : Refuse("AdminUpdateUserAttributes", updateError);
            }

            foreach (var (name, value) in changes)
            {
                attributes[name] = value;
            }
        }

        return DirectoryOutcome.Found(new DirectoryUser(got.Value.Username ?? username, attributes));
    }

    private static Dictionary<string, string> EmailChanges(SalesforceIdentity identity, Dictionary<string, string> attributes)
    {
        var wanted = IdentityMapping.AttributesFor(identity);
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!wanted.TryGetValue(IdentityMapping.EmailAttribute, out var email))
        {
            return changes;
        }

        var verified = wanted[IdentityMapping.EmailVerifiedAttribute];
        if (!attributes.TryGetValue(IdentityMapping.EmailAttribute, out var current) || current != email
            || !attributes.TryGetValue(IdentityMapping.EmailVerifiedAttribute, out var currentVerified)
            || !string.Equals(currentVerified, verified, StringComparison.OrdinalIgnoreCase))
        {
            // Cognito resets email_verified whenever email changes, so both always travel together.
            changes[IdentityMapping.EmailAttribute] = email;
            changes[IdentityMapping.EmailVerifiedAttribute] = verified;
        }

        return changes;
    }

    private DirectoryOutcome Refuse(string operation, CognitoError error, Failure? failure = null)
    {
        LogCognitoError(operation, error.Type, error.Status);
        return DirectoryOutcome.Refused(failure ?? Failure.DirectoryUnavailable);
    }

    private static bool HasVerifiedEmail(DirectoryUser user, string email) =>
        string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase)
        && user.Attributes.TryGetValue(IdentityMapping.EmailVerifiedAttribute, out var verified)
        && string.Equals(verified, "true", StringComparison.OrdinalIgnoreCase);

    private static DirectoryUser ToDirectoryUser(UserType user) =>
        new(user.Username ?? string.Empty, ToAttributes(user.Attributes));

    private static Dictionary<string, string> ToAttributes(List<AttributeType>? attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes ?? [])
        {
            if (attribute.Value is not null)
            {
                result[attribute.Name] = attribute.Value;
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the Cognito user of a Salesforce user of org {OrgId}")]
    private partial void LogCreated(string orgId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cognito {Operation} failed: {ErrorType} (HTTP {Status})")]
    private partial void LogCognitoError(string operation, string errorType, int status);
}
