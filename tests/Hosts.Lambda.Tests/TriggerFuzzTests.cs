using System.Text.Json.Nodes;
using CsCheck;
using SfCognitoSso.Adapters.Triggers;
using SfCognitoSso.Testing;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>
/// Generated hostile events through each trigger, composed as the Lambda host composes it: 4,000 per trigger per run.
/// Every input is either answered with a well-formed event or refused as malformed (TriggerEventException: exit 2 /
/// a Lambda error) — never another exception — and Define never issues tokens unless every round was a custom
/// challenge, the last answer was right and the user exists.
/// </summary>
public sealed class TriggerFuzzTests
{
    public const int InputsPerTrigger = 4_000;

    private static readonly Gen<byte[]> Inputs = Gen.Frequency(
        (3, FuzzInputs.Bytes(FuzzInputs.TriggerEvent.Select(json => (JsonNode?)json))),
        (2, FuzzInputs.Bytes(FuzzInputs.Value(4))),
        (1, Gen.Byte.Array[0, 300]));

    [Theory]
    [InlineData(CognitoTrigger.DefineAuthChallenge)]
    [InlineData(CognitoTrigger.CreateAuthChallenge)]
    [InlineData(CognitoTrigger.VerifyAuthChallenge)]
    public async Task Any_input_is_answered_well_formed_or_refused_as_malformed(CognitoTrigger trigger)
    {
        // Verify's Salesforce is a closed port: a session-shaped answer fails fast, as a wrong answer.
        using var host = new LambdaHarness(trigger, LambdaHarness.SalesforceSettings(Loopback.ClosedUrl()));
        var answered = 0;
        var refused = 0;
        var issued = 0;

        await Inputs.SampleAsync(
            async input =>
            {
                byte[] reply;
                try
                {
                    reply = await host.Handler.HandleAsync(trigger, input, CancellationToken.None);
                }
                catch (TriggerEventException)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }

                Interlocked.Increment(ref answered);
                var output = JsonNode.Parse(reply)!.AsObject();
                Assert.IsType<JsonObject>(output["response"]);
                if (trigger == CognitoTrigger.DefineAuthChallenge && output["response"]!["issueTokens"]?.GetValue<bool>() == true)
                {
                    AssertTokensWereEarned(output["request"]);
                    Interlocked.Increment(ref issued);
                }
            },
            iter: InputsPerTrigger,
            threads: 1);

        Assert.Equal(InputsPerTrigger, answered + refused);
        Assert.True(answered > 0 && refused > 0, $"answered {answered}, refused {refused}: the generator must reach both");
        Assert.True(trigger != CognitoTrigger.DefineAuthChallenge || issued > 0, "the generator must reach Define's token decision");
    }

    private static void AssertTokensWereEarned(JsonNode? request)
    {
        Assert.NotEqual(true, request?["userNotFound"]?.GetValue<bool>());
        var rounds = request?["session"]?.AsArray() ?? [];
        Assert.NotEmpty(rounds);
        Assert.All(rounds, round => Assert.Equal("CUSTOM_CHALLENGE", round?["challengeName"]?.GetValue<string>()));
        Assert.True(rounds[^1]?["challengeResult"]?.GetValue<bool>());
    }
}
