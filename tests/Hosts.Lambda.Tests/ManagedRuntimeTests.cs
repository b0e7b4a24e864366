using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace SfCognitoSso.Hosts.Lambda.Tests;

/// <summary>The Stream-in/Stream-out handlers the managed .NET runtime calls, invoked the way it invokes them.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ManagedRuntimeTests
{
    [Theory]
    [InlineData("DefineAuthChallenge")]
    [InlineData("CreateAuthChallenge")]
    [InlineData("VerifyAuthChallenge")]
    public void The_handler_string_names_a_public_stream_method_on_a_class_lambda_can_construct(string method)
    {
        // SfCognitoSso.Hosts.Lambda::SfCognitoSso.Hosts.Lambda.Triggers::<method>
        var assembly = typeof(Triggers).Assembly;
        Assert.Equal("SfCognitoSso.Hosts.Lambda", assembly.GetName().Name);
        var type = assembly.GetType("SfCognitoSso.Hosts.Lambda.Triggers", throwOnError: true)!;
        Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
        var handler = type.GetMethod(method, BindingFlags.Public | BindingFlags.Instance)!;
        Assert.Equal([typeof(Stream)], handler.GetParameters().Select(parameter => parameter.ParameterType));
        Assert.Equal(typeof(Task<Stream>), handler.ReturnType);
    }

    [Fact]
    public async Task Define_and_create_answer_through_the_managed_handlers()
    {
        var triggers = new Triggers();

        using var defined = await triggers.DefineAuthChallenge(new MemoryStream(Encoding.UTF8.GetBytes(Events.Define(false))));
        using var created = await triggers.CreateAuthChallenge(new MemoryStream(Encoding.UTF8.GetBytes(Events.Create(0))));

        Assert.Equal("CUSTOM_CHALLENGE", JsonNode.Parse(defined)!["response"]!["challengeName"]!.GetValue<string>());
        Assert.Equal("SALESFORCE_SESSION", JsonNode.Parse(created)!["response"]!["challengeMetadata"]!.GetValue<string>());
    }
}
