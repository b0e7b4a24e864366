using System.Text.Json.Nodes;

namespace SfCognitoSso.Emulators.Cognito.Tests;

/// <summary>
/// Cognito's request rate quotas, enforced when the pool is told to (<c>EnforceQuotas</c>): a burst past a category's
/// rate is refused as Cognito refuses it, before it changes anything, and only in that category; off, nothing is.
/// </summary>
public sealed class QuotaTests
{
    private static JsonObject SignOut() => new() { ["UserPoolId"] = EmulatorHarness.PoolId, ["Username"] = EmulatorHarness.Username };

    [Fact]
    public async Task A_burst_past_the_user_update_rate_is_refused_as_cognito_refuses_it_and_other_categories_go_on()
    {
        using var pool = new EmulatorHarness(settings: new() { ["CognitoEmulator:EnforceQuotas"] = "true" });
        pool.AddUser();

        var answers = new List<EmulatorResponse>();
        for (var i = 0; i < 40; i++)
        {
            answers.Add(await pool.SendAsync("AdminUserGlobalSignOut", SignOut(), signed: true));
        }

        var refused = answers.Where(answer => answer.Status != 200).ToList();
        Assert.Equal(25, answers.Count(answer => answer.Status == 200)); // one second's bucket; the pool's clock stands still
        Assert.All(refused, answer => Assert.Equal((400, "TooManyRequestsException", "Rate exceeded"), (answer.Status, EmulatorHarness.ErrorOf(answer).Type, EmulatorHarness.ErrorOf(answer).Message)));
        Assert.Equal(200, (await pool.SendAsync("AdminGetUser", SignOut(), signed: true)).Status);
        Assert.Equal("UserUpdate", CognitoQuotas.CategoryOf("AdminUpdateUserAttributes"));

        pool.Time.Advance(TimeSpan.FromMilliseconds(200)); // a fifth of a second refills five
        var later = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            later.Add((await pool.SendAsync("AdminUserGlobalSignOut", SignOut(), signed: true)).Status);
        }

        Assert.Equal(5, later.Count(status => status == 200));
    }

    [Fact]
    public async Task Off_by_default_no_rate_is_enforced()
    {
        using var pool = new EmulatorHarness();
        pool.AddUser();

        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(200, (await pool.SendAsync("AdminUserGlobalSignOut", SignOut(), signed: true)).Status);
        }
    }
}
