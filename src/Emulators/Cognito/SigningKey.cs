using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace SfCognitoSso.Emulators.Cognito;

/// <summary>The pool's RS256 key: made per run, or kept in <see cref="LocalCognitoOptions.SigningKeyFile"/>.</summary>
public sealed class SigningKey : IDisposable
{
    private readonly RSA rsa;

    public SigningKey(IOptions<LocalCognitoOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        rsa = RSA.Create(2048);
        if (options.Value.SigningKeyFile is { Length: > 0 } file)
        {
            if (File.Exists(file))
            {
                rsa.ImportFromPem(File.ReadAllText(file));
            }
            else
            {
                // Owner-only, like any private key on disk.
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(file, create);
                using var writer = new StreamWriter(stream);
                writer.Write(rsa.ExportPkcs8PrivateKeyPem());
            }
        }

        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        Modulus = Base64UrlEncoder.Encode(parameters.Modulus);
        Exponent = Base64UrlEncoder.Encode(parameters.Exponent);
        // The RFC 7638 thumbprint: stable for a kept key, and in the base64 shape of Cognito's own kids.
        SecurityKey = new RsaSecurityKey(rsa);
        SecurityKey.KeyId = Base64UrlEncoder.Encode(SecurityKey.ComputeJwkThumbprint());
        Credentials = new SigningCredentials(SecurityKey, SecurityAlgorithms.RsaSha256);
    }

    public RsaSecurityKey SecurityKey { get; }

    public SigningCredentials Credentials { get; }

    public string KeyId => SecurityKey.KeyId;

    private string Modulus { get; }

    private string Exponent { get; }

    /// <summary>The JWKS document, in the member order Cognito serves.</summary>
    public JsonObject Jwks() => new()
    {
        ["keys"] = new JsonArray(new JsonObject
        {
            ["alg"] = "RS256",
            ["e"] = Exponent,
            ["kid"] = KeyId,
            ["kty"] = "RSA",
            ["n"] = Modulus,
            ["use"] = "sig",
        }),
    };

    public void Dispose() => rsa.Dispose();
}
