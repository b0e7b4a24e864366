using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SfCognitoSso.Composition;

/// <summary>Which user directory the validator writes to (<c>Directory__Provider</c>).</summary>
public enum DirectoryProvider
{
    /// <summary>A Cognito user pool (<c>Cognito__…</c>).</summary>
    Cognito,

    /// <summary>Process memory: tests and try-outs.</summary>
    InMemory,
}

/// <summary><c>Directory__Provider</c>, required: a validator that silently kept users in memory in production would
/// lose them at the next restart.</summary>
public sealed class DirectoryOptions
{
    public const string Section = "Directory";

    public DirectoryProvider Provider { get; set; }

    /// <summary>Read now rather than when the host starts, because the provider decides what gets registered.
    /// Only the exact names are accepted (Enum.TryParse would also take "1" or "cognito").</summary>
    public static DirectoryOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = configuration[$"{Section}:Provider"] switch
        {
            nameof(DirectoryProvider.Cognito) => DirectoryProvider.Cognito,
            nameof(DirectoryProvider.InMemory) => DirectoryProvider.InMemory,
            _ => throw new OptionsValidationException(
                nameof(DirectoryOptions), typeof(DirectoryOptions), ["Directory__Provider must be Cognito or InMemory."]),
        };
        return new DirectoryOptions { Provider = provider };
    }
}
