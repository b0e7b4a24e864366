using Microsoft.Extensions.Options;
using SfCognitoSso.Emulators.Cognito;
using SfCognitoSso.Contracts;
using SfCognitoSso.Emulators.Salesforce;

namespace SfCognitoSso.Hosts.Local;

/// <summary>What a person needs once the stack is up: where everything is, and a sign-in to copy and paste.</summary>
public static class Banner
{
    public const string ReadyLine = "SfCognitoSso local stack is ready.";

    public static void Write(TextWriter output, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(services);
        var settings = services.GetRequiredService<LocalStackSettings>();
        var pool = services.GetRequiredService<IOptions<LocalCognitoOptions>>().Value;
        var validator = settings.ValidatorUrl.GetLeftPart(UriPartial.Authority);
        var cognito = settings.CognitoUrl.GetLeftPart(UriPartial.Authority);
        // The CLI's and the sign-in script's defaults are the stack's own; other URLs must be passed on.
        var onDefaultPorts = validator == LocalStackDefaults.ValidatorUrl && cognito == LocalStackDefaults.CognitoUrl;
        output.WriteLine();
        output.WriteLine(ReadyLine);
        output.WriteLine($"  Sign-in page     {validator}/");
        output.WriteLine($"  Validator        {validator}{ValidatorRoutes.ValidateSession}");
        output.WriteLine($"  OpenAPI          {validator}{ValidatorRoutes.OpenApi}");
        output.WriteLine($"  Cognito (local)  {cognito}   pool {pool.UserPoolId}   client {pool.ClientId}");
        output.WriteLine($"  JWKS             {cognito}/{pool.UserPoolId}/.well-known/jwks.json");
        output.WriteLine($"  Token issuer     {pool.Issuer}");
        if (!settings.StandInEnabled)
        {
            output.WriteLine("  Salesforce       the org(s) in Salesforce__Orgs (stand-in off): sign in with a real session.");
            output.WriteLine();
            return;
        }

        output.WriteLine($"  Salesforce       stand-in at {settings.SalesforceUrl.GetLeftPart(UriPartial.Authority)}, demo org {settings.DemoOrgs[0].Value}");
        output.WriteLine($"  Pub/Sub API      {settings.PubSubUrl.GetLeftPart(UriPartial.Authority)} (gRPC, cleartext HTTP/2): the stand-in's logout and user change events, read by single sign-out");
        output.WriteLine($"  Canvas app       open {settings.SalesforceUrl.GetLeftPart(UriPartial.Authority)}{SalesforceStandIn.CanvasLaunchPath}?user=0 in a browser: Salesforce (stand-in) launches it");
        output.WriteLine();
        foreach (var user in settings.Users)
        {
            // Configured sessions are never printed: they may be someone's real test value.
            var session = user.Configured ? "<the SessionId you configured>" : user.SessionId;
            output.WriteLine($"  {user.Name} <{user.Email}>: validate the session (step 1 of a sign-in):");
            output.WriteLine($"    curl -s {validator}{ValidatorRoutes.ValidateSession} -H 'Content-Type: application/json' -d '{{\"sessionId\":\"{session}\"}}'");
            output.WriteLine("  or the whole sign-in with the CLI:");
            output.WriteLine($"    echo '{session}' | dotnet run --project src/Cli -- login --local{(onDefaultPorts ? string.Empty : $" --validator {validator} --cognito {cognito}")}");
        }

        output.WriteLine();
        output.WriteLine("  All three steps (validator, InitiateAuth, RespondToAuthChallenge) with the AWS SDK for JavaScript:");
        var urls = onDefaultPorts
            ? string.Empty
            : $"SFSSO_VALIDATOR_URL={validator} SFSSO_COGNITO_URL={cognito} ";
        output.WriteLine($"    npm ci --prefix tests/Node && {urls}node tests/Node/sign-in.mjs '{settings.Users[0].SessionId}'");
        output.WriteLine("  or with curl: README, \"Five minutes with the local stack\". Ctrl-C stops the stack.");
        output.WriteLine();
        output.Flush();
    }
}
