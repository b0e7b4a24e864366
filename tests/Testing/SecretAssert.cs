using Xunit;

namespace SfCognitoSso.Testing;

/// <summary>The one check that no text a harness captured (log lines, error output) holds any part of a session.</summary>
public static class SecretAssert
{
    public static void NoneIn(IEnumerable<string> lines, params IEnumerable<string> sessions)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(sessions);
        var captured = lines.ToList();
        foreach (var fragment in sessions.SelectMany(Samples.SecretFragments))
        {
            var leaking = captured.FirstOrDefault(line => line.Contains(fragment, StringComparison.Ordinal));
            Assert.True(leaking is null, $"Captured output holds a session: {leaking?.Replace(fragment, "<SESSION>", StringComparison.Ordinal)} [{fragment.Length}]");
        }
    }

    public static void NoneIn(string text, params IEnumerable<string> sessions) => NoneIn([text], sessions);
}
