using System.Text;

namespace SfCognitoSso.Hosts.Lambda;

/// <summary>
/// Standard error, opened when the first line is written: <see cref="Console.Error"/> sets up the terminal and its
/// signal handling, a cost on every cold start, and define, create and pre token generation usually write nothing.
/// </summary>
internal sealed class StandardErrorOnFirstUse : TextWriter
{
    private readonly Lazy<TextWriter> error = new(() => Console.Error);

    public override Encoding Encoding => error.Value.Encoding;

    public override void Write(char value) => error.Value.Write(value);

    public override void Write(string? value) => error.Value.Write(value);

    public override void WriteLine(string? value) => error.Value.WriteLine(value);

    public override void Flush()
    {
        if (error.IsValueCreated)
        {
            error.Value.Flush();
        }
    }
}
