using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using SfCognitoSso.Contracts;

namespace SfCognitoSso.Cli;

/// <summary>
/// <c>sfsso salesforce deploy --target-org &lt;alias&gt; --run-as &lt;username&gt;</c>: puts <c>infra/salesforce</c> into an
/// org with the Salesforce CLI (<c>sf project deploy start</c>), then reads back the consumer keys Salesforce made and
/// prints what the validator's settings and Terraform need. It never reads or prints a consumer secret: those are
/// copied from Setup into the vault, once.
/// </summary>
public sealed class SalesforceDeployCommand
{
    /// <summary>The apps infra/salesforce deploys (the metadata check holds the project to these names).</summary>
    public const string SignInApp = "SfCognitoSso_SignIn";

    public const string EventsApp = "SfCognitoSso_Events";

    /// <summary>The replacement tokens of infra/salesforce/sfdx-project.json, set for the deploy.</summary>
    public const string RunAsVariable = "SFSSO_EVENTS_RUN_AS_USERNAME";

    public const string CanvasUrlVariable = "SFSSO_CANVAS_URL";

    private readonly Option<string> targetOrg = new("--target-org", "-o") { Description = "The org's alias or username, as the sf CLI knows it (sf org login web --alias <alias>).", Required = true };
    private readonly Option<string> runAs = new("--run-as") { Description = $"The username of the integration user single sign-out runs as (API only; it gets the SfCognitoSso_SignOut permission set); default: {RunAsVariable}." };
    private readonly Option<string> canvasUrl = new("--canvas-url") { Description = "Also deploy the sign-in app's canvas plugin, posting signed requests to this https URL." };
    private readonly Option<DirectoryInfo> project = new("--project") { Description = "The SFDX project (default: infra/salesforce under the current directory)." };
    private readonly Option<int> orgIndex = new("--org-index") { Description = "N in Salesforce__Orgs__N__… for this org in the settings printed (default 0).", DefaultValueFactory = _ => 0 };

    public SalesforceDeployCommand()
    {
        var deploy = new Command("deploy", "Deploy the Salesforce side (infra/salesforce: two External Client Apps, a permission set, Change Data Capture for User, logout event streaming) with the sf CLI, and print the settings it gives.")
        {
            targetOrg, runAs, canvasUrl, project, orgIndex,
        };
        Deploy = deploy;
        Command = new Command("salesforce", "The org's side of the product.") { deploy };
    }

    public Command Command { get; }

    public Command Deploy { get; }

    public async Task<int> RunAsync(ParseResult parsed, Terminal terminal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(terminal);
        var errors = terminal.Errors;
        var alias = parsed.GetValue(targetOrg)!;
        var runAsUser = parsed.GetValue(runAs) ?? Environment.GetEnvironmentVariable(RunAsVariable);
        var givenCanvas = parsed.GetValue(canvasUrl);
        Uri? canvas = null;
        var index = parsed.GetValue(orgIndex);
        var directory = parsed.GetValue(project)?.FullName ?? Path.Combine(Environment.CurrentDirectory, "infra", "salesforce");
        if (!File.Exists(Path.Combine(directory, "sfdx-project.json")))
        {
            await errors.WriteLineAsync($"sfsso salesforce deploy: no SFDX project at {directory} (no sfdx-project.json). Run it from the repository's root, or give --project infra/salesforce.").ConfigureAwait(false);
            return Sfsso.UsageError;
        }

        if (runAsUser is not null && (!runAsUser.Contains('@', StringComparison.Ordinal) || runAsUser.Any(char.IsWhiteSpace)))
        {
            await errors.WriteLineAsync("sfsso salesforce deploy: --run-as takes a Salesforce username (name@example.com), the integration user single sign-out runs as.").ConfigureAwait(false);
            return Sfsso.UsageError;
        }

        if (givenCanvas is not null && !(Uri.TryCreate(givenCanvas, UriKind.Absolute, out canvas) && LoopbackHosts.IsHttpsOrLoopback(canvas)))
        {
            await errors.WriteLineAsync("sfsso salesforce deploy: --canvas-url must be an https URL (Salesforce posts signed requests to it).").ConfigureAwait(false);
            return Sfsso.UsageError;
        }

        if (index is < 0 or > 99)
        {
            await errors.WriteLineAsync("sfsso salesforce deploy: --org-index must be from 0 to 99.").ConfigureAwait(false);
            return Sfsso.UsageError;
        }

        if (FindOnPath("sf") is not { } sf)
        {
            await errors.WriteLineAsync("sfsso salesforce deploy: the Salesforce CLI (sf) is not on the PATH. Install it with npm install --global @salesforce/cli (Node.js 20 or later), log in to the org with sf org login web --alias <alias>, and run this again.").ConfigureAwait(false);
            return Sfsso.Unavailable;
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [CanvasUrlVariable] = canvas?.ToString() ?? string.Empty };
        if (runAsUser is not null)
        {
            environment[RunAsVariable] = runAsUser;
        }

        await terminal.Out.WriteLineAsync($"Deploying {directory} to {alias} with sf project deploy start…").ConfigureAwait(false);
        List<string> deploy = ["project", "deploy", "start", "--source-dir", "force-app"];
        if (canvas is not null)
        {
            deploy.AddRange(["--source-dir", "canvas"]);
        }

        deploy.AddRange(["--target-org", alias, "--wait", "30", "--json"]);
        var deployed = await RunSfAsync(sf, directory, environment, deploy, cancellationToken).ConfigureAwait(false);
        if (deployed.Name is "NamedOrgNotFoundError" or "NoOrgFound" or "NoAuthInfoFound" || deployed.Message.Contains("No authorization information found", StringComparison.Ordinal))
        {
            await errors.WriteLineAsync($"sfsso salesforce deploy: sf does not know the org '{alias}' ({deployed.Message}). Log in to it first: sf org login web --alias {alias}").ConfigureAwait(false);
            return Sfsso.UsageError;
        }

        if (deployed.Status != 0)
        {
            await errors.WriteLineAsync($"sfsso salesforce deploy: the org refused the deploy ({deployed.Message}).").ConfigureAwait(false);
            foreach (var failure in Failures(deployed.Result))
            {
                await errors.WriteLineAsync($"  {failure}").ConfigureAwait(false);
            }

            if (runAsUser is null)
            {
                await errors.WriteLineAsync($"  The events app runs as an integration user: give its username with --run-as (or {RunAsVariable}).").ConfigureAwait(false);
            }

            return Sfsso.Refused;
        }

        // Logout streaming on its own: an org that refuses it still gets every deactivation signed out.
        var streaming = await RunSfAsync(sf, directory, environment, ["project", "deploy", "start", "--source-dir", "logout-events", "--target-org", alias, "--wait", "30", "--json"], cancellationToken).ConfigureAwait(false);
        var org = await RunSfAsync(sf, directory, environment, ["org", "display", "--target-org", alias, "--json"], cancellationToken).ConfigureAwait(false);
        var orgId = org.Result?["id"]?.GetValue<string>() ?? "<the org's ID, 00D…>";
        var instanceUrl = org.Result?["instanceUrl"]?.GetValue<string>() ?? "<the org's My Domain URL, https://…my.salesforce.com>";
        var keys = await ConsumerKeysAsync(sf, directory, environment, alias, cancellationToken).ConfigureAwait(false);
        await PrintAsync(terminal.Out, index, orgId, instanceUrl, keys, canvas is not null).ConfigureAwait(false);
        if (streaming.Status != 0)
        {
            await errors.WriteLineAsync(
                $"sfsso salesforce deploy: the org did not turn on logout event streaming ({string.Join("; ", Failures(streaming.Result).DefaultIfEmpty(streaming.Message))}). Until it is on, single sign-out covers deactivations only: turn it on in Setup, Event Manager, Logout Event, Enable Streaming (the run-as user's View Real-Time Event Monitoring Data permission is in the permission set).").ConfigureAwait(false);
        }

        return Sfsso.Done;
    }

    private static async Task PrintAsync(TextWriter output, int index, string orgId, string instanceUrl, IReadOnlyDictionary<string, string> keys, bool canvas)
    {
        var signInKey = keys.GetValueOrDefault(SignInApp, "<the SfCognitoSso Sign-In app's consumer key>");
        var eventsKey = keys.GetValueOrDefault(EventsApp, "<the SfCognitoSso Events app's consumer key>");
        var prefix = string.Create(CultureInfo.InvariantCulture, $"Salesforce__Orgs__{index}__");
        const string eventsSecret = "<the SfCognitoSso Events app's consumer secret>";
        const string signInSecret = "<the SfCognitoSso Sign-In app's consumer secret>";
        var canvasSetting = canvas ? $"\n  {prefix}CanvasConsumerSecret={signInSecret}" : string.Empty;
        var canvasVariable = canvas ? $$"""\n  canvas_consumer_secrets = { "{{orgId}}" = "{{signInSecret}}" }""" : string.Empty;
        await output.WriteLineAsync($$"""

            Deployed. The validator's settings for this org (environment variables or app settings):
              {{prefix}}OrgId={{orgId}}
              {{prefix}}InstanceUrl={{instanceUrl}}
              {{prefix}}Jwt__ClientIds__0={{signInKey}}
              {{prefix}}Events__ClientId={{eventsKey}}
              {{prefix}}Events__ClientSecret={{eventsSecret}}{{canvasSetting}}

            Terraform (terraform.tfvars of both stacks; the secrets on the Azure stack only, which keeps them in Key Vault):
              salesforce_orgs = [{ org_id = "{{orgId}}", instance_url = "{{instanceUrl}}", jwt_client_ids = ["{{signInKey}}"] }]
              sign_out_connected_apps = { "{{orgId}}" = { client_id = "{{eventsKey}}", client_secret = "{{eventsSecret}}" } }{{canvasVariable}}

            The consumer secrets are never printed or stored here: copy each from Setup, External Client App Manager, the app,
            Settings, OAuth Settings, Consumer Key and Secret, straight into your vault or terraform.tfvars.
            Then put the validator's outbound addresses (the Azure stack's output validator_outbound_ip_addresses) in the
            run-as user's login IP ranges, and give the SfCognitoSso_SignIn permission set to the users who may sign in.
            """).ConfigureAwait(false);
    }

    /// <summary>The consumer keys Salesforce made for the two apps, read from their global OAuth settings in a folder of
    /// our own that is deleted afterwards (a retrieve may bring a secret too: it never stays on disk).</summary>
    private static async Task<IReadOnlyDictionary<string, string>> ConsumerKeysAsync(
        string sf, string directory, Dictionary<string, string> environment, string alias, CancellationToken cancellationToken)
    {
        var output = Directory.CreateTempSubdirectory("sfsso-retrieve-");
        try
        {
            await RunSfAsync(sf, directory, environment, [
                "project", "retrieve", "start",
                "--metadata", $"ExtlClntAppGlobalOauthSettings:{SignInApp}",
                "--metadata", $"ExtlClntAppGlobalOauthSettings:{EventsApp}",
                "--target-org", alias, "--output-dir", output.FullName, "--json"], cancellationToken).ConfigureAwait(false);
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in output.EnumerateFiles("*.ecaGlblOauth*", SearchOption.AllDirectories))
            {
                var root = XDocument.Load(file.FullName).Root;
                var ns = root?.Name.Namespace ?? XNamespace.None;
                if (root?.Element(ns + "externalClientApplication")?.Value is { } app && root.Element(ns + "consumerKey")?.Value is { Length: > 0 } key)
                {
                    keys[app.Trim()] = key.Trim();
                }
            }

            return keys;
        }
        catch (System.Xml.XmlException)
        {
            return new Dictionary<string, string>();
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static IEnumerable<string> Failures(JsonNode? result) =>
        (result?["details"]?["componentFailures"] is JsonArray failures ? failures : result?["files"] as JsonArray ?? new JsonArray())
            .OfType<JsonObject>()
            .Where(item => item["problem"] is not null)
            .Select(item => $"{item["componentType"] ?? item["type"]} {item["fullName"]}: {item["problem"]}");

    private sealed record SfAnswer(int Status, string? Name, string Message, JsonNode? Result);

    /// <summary>Runs <c>sf … --json</c> in the project: its status, message and result.</summary>
    private static async Task<SfAnswer> RunSfAsync(string sf, string directory, Dictionary<string, string> environment, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(sf) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // No colours, no prompts to update the CLI: the output is read as JSON.
        start.Environment["SF_DISABLE_COLORS"] = "true";
        start.Environment["SF_AUTOUPDATE_DISABLE"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("sf did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? answer = null;
        try
        {
            answer = JsonNode.Parse(await output.ConfigureAwait(false));
        }
        catch (System.Text.Json.JsonException)
        {
        }

        var status = answer?["status"]?.GetValueKind() == System.Text.Json.JsonValueKind.Number ? answer["status"]!.GetValue<int>() : process.ExitCode == 0 ? 0 : 1;
        var message = answer?["message"]?.ToString() ?? (await error.ConfigureAwait(false)).Trim();
        return new SfAnswer(process.ExitCode != 0 && status == 0 ? 1 : status, answer?["name"]?.ToString(), message.Length > 0 ? message : $"sf exited {process.ExitCode}", answer?["result"]);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, OperatingSystem.IsWindows() ? name + ".cmd" : name))
            .FirstOrDefault(File.Exists);
}
