namespace SfCognitoSso.Testing;

/// <summary>The deployment's rate-limit windows are the clock's minutes, the same on every instance: a test that
/// straddled one would see two windows' permits.</summary>
public static class MinuteWindows
{
    /// <summary>Returns at once when at least 15 s of this minute are left, else at the start of the next. Not a wait
    /// for anything to happen: it starts the test where one window holds it.</summary>
    public static async Task WithinOneAsync()
    {
        var now = DateTimeOffset.UtcNow;
        if (now.Second >= 45)
        {
            await Task.Delay(TimeSpan.FromSeconds(60 - now.Second) - TimeSpan.FromMilliseconds(now.Millisecond) + TimeSpan.FromMilliseconds(100));
        }
    }
}
