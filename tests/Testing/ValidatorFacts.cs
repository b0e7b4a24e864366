using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>A validator host the contract runs against: how to start one with given settings.</summary>
public interface IValidatorHosting
{
    /// <summary>Starts the host under test with these settings (<c>Section:Key</c>).</summary>
    IValidatorHost Create(IReadOnlyDictionary<string, string?> settings);

    /// <summary>A deployable host signs tickets only with <c>Ticket__SigningKey</c>; the local stack makes a key per run.</summary>
    bool TicketsOnByDefault => false;
}

/// <summary>
/// What every group of the validator's public contract (HTTP API, statuses, problem codes, limits) stands on: a stub
/// Salesforce org on loopback, the host started per case with the contract's settings, and every host's logs checked
/// for the session on dispose. The contract is composed, not inherited: each host names the groups that hold for it
/// (<see cref="SignInFacts{THosting}"/>, <see cref="RefusalFacts{THosting}"/>, <see cref="EdgeFacts{THosting}"/>,
/// <see cref="CanvasFacts{THosting}"/>, <see cref="DirectoryChoiceFacts{THosting}"/>, <see cref="ProxyFacts{THosting}"/>),
/// one small class each, all in one collection per host so they run one after another as before.
/// </summary>
public abstract class ValidatorFacts<THosting> : IDisposable
    where THosting : IValidatorHosting, new()
{
    /// <summary>Per validator host and run; with the trigger fuzzing, well over 10,000 generated inputs per CI run.</summary>
    public const int FuzzedBodies = 2_000;

    private readonly THosting hosting = new();

    private readonly List<IValidatorHost> hosts = [];

    protected SalesforceStub Salesforce { get; } = new();

    /// <summary>Whether the host signs tickets with no ticket settings.</summary>
    protected bool TicketsOnByDefault => hosting.TicketsOnByDefault;

    protected IValidatorHost Start(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Directory:Provider"] = "InMemory",
            ["Salesforce:Orgs:0:OrgId"] = Samples.OrgId15,
            ["Salesforce:Orgs:0:InstanceUrl"] = Salesforce.Url,
            ["Salesforce:Orgs:0:CanvasConsumerSecret"] = CanvasRequestBuilder.ConsumerSecret,
            // A second trusted org, without a canvas app.
            ["Salesforce:Orgs:1:OrgId"] = "00D5g000004OtHr",
            ["Salesforce:Orgs:1:InstanceUrl"] = Salesforce.Url,
            ["Cache:TtlSeconds"] = "0",
            ["RateLimit:PermitPerMinute"] = "1000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = hosting.Create(settings);
        hosts.Add(host);
        return host;
    }

    public void Dispose()
    {
        try
        {
            foreach (var host in hosts)
            {
                SecretAssert.NoneIn(host.Logs, Samples.Session, Samples.OtherUserSession);
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }

            Salesforce.Dispose();
            GC.SuppressFinalize(this);
        }
    }

    protected void SalesforceKnowsTheUser(bool active = true, string? email = Samples.Email) =>
        Salesforce.Answer(SalesforceStub.ChatterPath, Samples.Session, 200, SalesforceStub.ChatterUser(isActive: active, email: email));

    /// <summary>Asserts a problem answer: status, content type, code, and no session in the body.</summary>
    protected static void AssertProblem(ValidatorResponse response, int status, string code)
    {
        Assert.Equal(status, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(code, response.Code);
        Assert.Equal(status, response.Json!["status"]!.GetValue<int>());
        // The OpenAPI document requires a type on every problem (ASP.NET Core leaves it out for 413 and 429).
        Assert.StartsWith("https://", response.Json["type"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(Samples.SessionToken, response.Body, StringComparison.Ordinal);
    }
}
