using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SfCognitoSso.Composition;

namespace SfCognitoSso.Cli;

/// <summary>The <c>sfsso</c> command line. Exit codes: 0 done, 1 refused, 2 usage error, 3 a service unreachable.</summary>
public static class Sfsso
{
    public const int Done = 0;
    public const int Refused = 1;
    public const int UsageError = 2;
    public const int Unavailable = 3;

    public const string SessionVariable = "SFSSO_SESSION";

    public static async Task<int> RunAsync(string[] args, Terminal terminal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(terminal);

        // A session typed as an argument is already in the shell's history and visible in ps; refuse it, in any
        // position and for any command, before any parser can echo it back in an error message.
        if (args.Any(LooksLikeSession))
        {
            await terminal.Errors.WriteLineAsync(
                $"sfsso: an argument looks like a Salesforce session; a session is never taken from the command line (it would stay in your shell history and be visible to ps). Set {SessionVariable} or pipe it on standard input (read -rs keeps it off the screen).").ConfigureAwait(false);
            return UsageError;
        }

        var login = new LoginCommand();
        var invoke = new Command("invoke", "Run a Cognito trigger on an event from standard input, as the Lambda host does.");
        var triggerArgument = new Argument<string>("trigger") { Description = TriggerInvocation.Triggers };
        invoke.Arguments.Add(triggerArgument);
        var decode = new DecodeCommand();
        var salesforce = new SalesforceDeployCommand();
        var signOut = new SignOutCommand();
        var root = new RootCommand("SfCognitoSso: sign in to Cognito with a Salesforce session.") { login.Command, invoke, decode.Command, salesforce.Command, signOut.Command };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await terminal.Errors.WriteLineAsync($"sfsso: {error.Message}").ConfigureAwait(false);
            }

            await terminal.Errors.WriteLineAsync("Run 'sfsso --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        if (args.Any(argument => argument is "--help" or "-h" or "-?" or "--version"))
        {
            return await parsed.InvokeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var command = parsed.CommandResult.Command;
        if (command == login.Command)
        {
            return await login.RunAsync(parsed, terminal, cancellationToken).ConfigureAwait(false);
        }

        if (command == invoke)
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            using var input = terminal.OpenInput();
            using var output = new MemoryStream();
            var exit = await TriggerInvocation.RunAsync(parsed.GetValue(triggerArgument) ?? string.Empty, input, output, terminal.Errors,
                triggers => TriggerComposition.Build(configuration, triggers, services => services.AddLogging())).ConfigureAwait(false);
            await terminal.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(output.ToArray())).ConfigureAwait(false);
            return exit;
        }

        if (command == signOut.Parked)
        {
            return await signOut.RunAsync(parsed, terminal, cancellationToken).ConfigureAwait(false);
        }

        if (command == salesforce.Deploy)
        {
            return await salesforce.RunAsync(parsed, terminal, cancellationToken).ConfigureAwait(false);
        }

        if (command == decode.Command)
        {
            return await decode.RunAsync(parsed, terminal, cancellationToken).ConfigureAwait(false);
        }

        // No subcommand: the help, and a usage error.
        await root.Parse(["--help"]).InvokeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return UsageError;
    }

    /// <summary>Every Salesforce session has an org ID, then '!', then a long token; a Canvas signed request is a
    /// signature, '.', then base64 JSON (<c>eyJ…</c>); also inside <c>--name=value</c>.</summary>
    private static bool LooksLikeSession(string argument) =>
        (argument.Contains('!', StringComparison.Ordinal) && argument.Length > 20)
        || (argument.Length > 64 && argument.Contains(".eyJ", StringComparison.Ordinal));
}
