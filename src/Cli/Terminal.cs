namespace SfCognitoSso.Cli;

/// <summary>The process's standard streams and environment.</summary>
public class Terminal
{
    public virtual TextWriter Out => Console.Out;

    public virtual TextWriter Errors => Console.Error;

    public virtual Stream OpenInput() => Console.OpenStandardInput();

    public virtual bool InputIsTerminal => !Console.IsInputRedirected;

    public virtual string? Variable(string name) => Environment.GetEnvironmentVariable(name);

    /// <summary>Reads a secret typed at the terminal without echoing it.</summary>
    public virtual string ReadSecret()
    {
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Errors.WriteLine();
                return typed.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }
}
