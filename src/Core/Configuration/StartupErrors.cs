namespace SfCognitoSso.Core.Configuration;

/// <summary>Turns a start-up failure into the one line an operator needs: the setting and what is wrong with it.</summary>
public static class StartupErrors
{
    /// <summary>Runs the host; a configuration failure prints one line on stderr and exits 1.</summary>
    public static async Task<int> RunAsync(Func<Task> run, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            await run().ConfigureAwait(false);
            return 0;
        }
        catch (Exception exception) when (SettingsErrors.Describe(exception) is { } line)
        {
            await errors.WriteLineAsync($"Configuration error: {line}").ConfigureAwait(false);
            return 1;
        }
    }
}
