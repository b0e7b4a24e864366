namespace SfCognitoSso.Cli.Tests;

/// <summary>
/// <c>sfsso salesforce deploy</c> with a stand-in <c>sf</c> on the PATH, a script that records how it was called and
/// answers as the Salesforce CLI does (<c>--json</c>): the commands it runs, in the project, with the run-as user for the
/// deploy's replacements; what it prints; and the clear errors for no <c>sf</c>, no project and an org <c>sf</c> does not
/// know. The consumer secret a retrieve brings back is never printed and never left on disk.
/// </summary>
public sealed class SalesforceDeployTests : IDisposable
{
    private const string Secret = "EVENTS-SECRET-NEVER-SHOWN-0123456789";

    private readonly DirectoryInfo bin = Directory.CreateTempSubdirectory("sfsso-fake-sf-");
    private readonly string calls;
    private readonly string project = Path.Combine(SfCognitoSso.Testing.PublishedApp.RepositoryRoot(), "infra", "salesforce");

    public SalesforceDeployTests()
    {
        calls = Path.Combine(bin.FullName, "calls.log");
        var script = Path.Combine(bin.FullName, "sf");
        File.WriteAllText(script, """
            #!/usr/bin/env bash
            # Records each call (working directory, run-as user, arguments), then answers as sf --json does.
            echo "$PWD|$SFSSO_EVENTS_RUN_AS_USERNAME|$*" >> "@CALLS@"
            mode="${FAKE_SF_MODE:-ok}"
            case "$1 $2" in
              "org display")
                echo '{"status":0,"result":{"id":"00D5j00000SfSsoEAA","instanceUrl":"https://acme.my.salesforce.com","alias":"acme"}}' ;;
              "project deploy")
                if [ "$mode" = unknown-org ]; then
                  echo '{"status":1,"name":"NamedOrgNotFoundError","message":"No authorization information found for nope."}'; exit 1
                fi
                if [ "$mode" = deploy-fails ] && [[ "$*" == *force-app* ]]; then
                  echo '{"status":1,"name":"FailedDeployError","message":"Deploy failed.","result":{"details":{"componentFailures":[{"componentType":"ExtlClntAppOauthConfigurablePolicies","fullName":"SfCognitoSso_Events","problem":"The user isn'\''t an API only user."}]}}}'; exit 1
                fi
                if [ "$mode" = no-streaming ] && [[ "$*" == *logout-events* ]]; then
                  echo '{"status":1,"name":"FailedDeployError","message":"Deploy failed.","result":{"details":{"componentFailures":[{"componentType":"Settings","fullName":"RealTimeEvent","problem":"Real-Time Event Monitoring is not enabled."}]}}}'; exit 1
                fi
                echo '{"status":0,"result":{"status":"Succeeded","success":true}}' ;;
              "project retrieve")
                out=""; previous=""
                for argument in "$@"; do [ "$previous" = "--output-dir" ] && out="$argument"; previous="$argument"; done
                mkdir -p "$out/extlClntAppGlobalOauthSets"
                for app in SignIn Events; do
                  printf '<?xml version="1.0" encoding="UTF-8"?>\n<ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">\n<consumerKey>3MVG9Key%s</consumerKey>\n<consumerSecret>@SECRET@</consumerSecret>\n<externalClientApplication>SfCognitoSso_%s</externalClientApplication>\n</ExtlClntAppGlobalOauthSettings>\n' "$app" "$app" > "$out/extlClntAppGlobalOauthSets/SfCognitoSso_$app.ecaGlblOauth-meta.xml"
                done
                echo "$out" > "@CALLS@.retrieved"
                echo '{"status":0,"result":{"files":[]}}' ;;
              *) echo '{"status":1,"message":"unexpected"}'; exit 1 ;;
            esac
            """.Replace("@CALLS@", calls, StringComparison.Ordinal).Replace("@SECRET@", Secret, StringComparison.Ordinal).ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose() => bin.Delete(recursive: true);

    private Task<(int Exit, string Out, string Err)> RunAsync(string mode, params string[] args) =>
        CliProcess.RunAsync(["salesforce", "deploy", .. args], environment: new()
        {
            ["PATH"] = $"{bin.FullName}:/usr/bin:/bin",
            ["FAKE_SF_MODE"] = mode,
        });

    private string[] Calls() => File.Exists(calls) ? File.ReadAllLines(calls) : [];

    [Fact]
    public async Task It_deploys_the_project_with_sf_and_prints_the_settings_and_terraform_it_gives()
    {
        var (exit, output, errors) = await RunAsync("ok", "--target-org", "acme", "--run-as", "sfsso-events@acme.com", "--project", project);

        Assert.Equal(0, exit);
        Assert.Equal(
            [
                $"{project}|sfsso-events@acme.com|project deploy start --source-dir force-app --target-org acme --wait 30 --json",
                $"{project}|sfsso-events@acme.com|project deploy start --source-dir logout-events --target-org acme --wait 30 --json",
                $"{project}|sfsso-events@acme.com|org display --target-org acme --json",
            ],
            Calls().Take(3));
        Assert.StartsWith(
            $"{project}|sfsso-events@acme.com|project retrieve start --metadata ExtlClntAppGlobalOauthSettings:SfCognitoSso_SignIn --metadata ExtlClntAppGlobalOauthSettings:SfCognitoSso_Events --target-org acme --output-dir ",
            Calls()[3], StringComparison.Ordinal);
        Assert.Contains("Salesforce__Orgs__0__OrgId=00D5j00000SfSsoEAA", output, StringComparison.Ordinal);
        Assert.Contains("Salesforce__Orgs__0__InstanceUrl=https://acme.my.salesforce.com", output, StringComparison.Ordinal);
        Assert.Contains("Salesforce__Orgs__0__Jwt__ClientIds__0=3MVG9KeySignIn", output, StringComparison.Ordinal);
        Assert.Contains("Salesforce__Orgs__0__Events__ClientId=3MVG9KeyEvents", output, StringComparison.Ordinal);
        Assert.Contains("""salesforce_orgs = [{ org_id = "00D5j00000SfSsoEAA", instance_url = "https://acme.my.salesforce.com", jwt_client_ids = ["3MVG9KeySignIn"] }]""", output, StringComparison.Ordinal);
        Assert.Contains("""sign_out_connected_apps = { "00D5j00000SfSsoEAA" = { client_id = "3MVG9KeyEvents",""", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CanvasConsumerSecret", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, output + errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(File.ReadAllText(calls + ".retrieved").Trim()), "the retrieved files (with a secret) were left on disk");
        Assert.Equal(string.Empty, errors);
    }

    [Fact]
    public async Task A_canvas_url_deploys_the_canvas_plugin_too_and_asks_for_its_secret()
    {
        var (exit, output, _) = await RunAsync("ok", "--target-org", "acme", "--run-as", "sfsso-events@acme.com", "--project", project, "--canvas-url", "https://app.example.com/canvas", "--org-index", "2");

        Assert.Equal(0, exit);
        Assert.Contains("project deploy start --source-dir force-app --source-dir canvas --target-org acme", Calls()[0], StringComparison.Ordinal);
        Assert.Contains("Salesforce__Orgs__2__CanvasConsumerSecret=<the SfCognitoSso Sign-In app's consumer secret>", output, StringComparison.Ordinal);
        Assert.Contains("canvas_consumer_secrets", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_sf_on_the_path_it_says_how_to_get_it_and_runs_nothing()
    {
        var empty = Directory.CreateTempSubdirectory("sfsso-no-sf-");
        try
        {
            var (exit, _, errors) = await CliProcess.RunAsync(["salesforce", "deploy", "--target-org", "acme", "--run-as", "a@b.com", "--project", project],
                environment: new() { ["PATH"] = empty.FullName });

            Assert.Equal(3, exit);
            Assert.Contains("npm install --global @salesforce/cli", errors, StringComparison.Ordinal);
            Assert.Empty(Calls());
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_org_sf_does_not_know_is_a_clear_usage_error_before_any_deploy()
    {
        var (exit, _, errors) = await RunAsync("unknown-org", "--target-org", "nope", "--run-as", "a@b.com", "--project", project);

        Assert.Equal(2, exit);
        Assert.Contains("sf does not know the org 'nope' (No authorization information found for nope.)", errors, StringComparison.Ordinal);
        Assert.Contains("sf org login web --alias nope", errors, StringComparison.Ordinal);
        Assert.Single(Calls());
    }

    [Fact]
    public async Task No_project_is_a_clear_usage_error()
    {
        var (exit, _, errors) = await RunAsync("ok", "--target-org", "acme", "--run-as", "a@b.com", "--project", bin.FullName);

        Assert.Equal(2, exit);
        Assert.Contains("no SFDX project at", errors, StringComparison.Ordinal);
        Assert.Empty(Calls());
    }

    [Fact]
    public async Task Without_a_run_as_user_the_run_as_variable_is_used()
    {
        var (exit, _, _) = await CliProcess.RunAsync(["salesforce", "deploy", "--target-org", "acme", "--project", project], environment: new()
        {
            ["PATH"] = $"{bin.FullName}:/usr/bin:/bin",
            ["SFSSO_EVENTS_RUN_AS_USERNAME"] = "from-env@acme.com",
        });

        Assert.Equal(0, exit);
        Assert.StartsWith($"{project}|from-env@acme.com|project deploy start --source-dir force-app --target-org acme", Calls()[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--run-as", "not-a-username")]
    [InlineData("--canvas-url", "http://app.example.com/canvas")]
    public async Task Bad_input_is_refused_before_sf_runs(string option, string value)
    {
        string[] args = option == "--run-as"
            ? ["--target-org", "acme", "--project", project, option, value]
            : ["--target-org", "acme", "--run-as", "a@b.com", "--project", project, option, value];

        var (exit, _, errors) = await RunAsync("ok", args);

        Assert.Equal(2, exit);
        Assert.Contains(option, errors, StringComparison.Ordinal);
        Assert.Empty(Calls());
    }

    [Fact]
    public async Task A_refused_deploy_names_each_failure_and_exits_1()
    {
        var (exit, _, errors) = await RunAsync("deploy-fails", "--target-org", "acme", "--run-as", "a@b.com", "--project", project);

        Assert.Equal(1, exit);
        Assert.Contains("ExtlClntAppOauthConfigurablePolicies SfCognitoSso_Events: The user isn't an API only user.", errors, StringComparison.Ordinal);
        Assert.Single(Calls());
    }

    [Fact]
    public async Task Logout_streaming_the_org_refuses_is_said_with_the_one_click_that_remains_and_the_rest_is_deployed()
    {
        var (exit, output, errors) = await RunAsync("no-streaming", "--target-org", "acme", "--run-as", "a@b.com", "--project", project);

        Assert.Equal(0, exit);
        Assert.Contains("Salesforce__Orgs__0__Events__ClientId=3MVG9KeyEvents", output, StringComparison.Ordinal);
        Assert.Contains("Real-Time Event Monitoring is not enabled.", errors, StringComparison.Ordinal);
        Assert.Contains("single sign-out covers deactivations only", errors, StringComparison.Ordinal);
        Assert.Contains("Event Manager, Logout Event, Enable Streaming", errors, StringComparison.Ordinal);
    }
}
