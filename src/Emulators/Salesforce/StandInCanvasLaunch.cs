using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SfCognitoSso.Emulators.Salesforce;

/// <summary>A canvas app launch (<c>GET /canvas/launch?user=N</c>): a CanvasRequest for a demo user, signed with the demo
/// org's consumer secret, POSTed to the canvas app as Salesforce does when a user opens one.</summary>
public sealed class StandInCanvasLaunch(SalesforceEmulatorOptions options)
{
    /// <summary>
    /// What Salesforce does when a user opens a canvas app with signed-request authentication: a page that POSTs
    /// <c>signed_request</c> to the canvas app URL. <c>user</c> picks a demo user by index; <c>tamper=1</c> changes the
    /// envelope after signing, as an attacker would. Not done: the Canvas SDK, refreshing the request, the app's
    /// other context (environment, links, parameters), and a real OAuth token (the demo session stands in for it).
    /// </summary>
    public async Task LaunchAsync(HttpContext context, Uri canvasApp)
    {
        var index = int.TryParse(context.Request.Query["user"], out var chosen) ? chosen : 0;
        if (index < 0 || index >= options.Users.Count)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var user = options.Users[index];
        var instance = options.SalesforceUrl.GetLeftPart(UriPartial.Authority);
        var envelope = new JsonObject
        {
            ["algorithm"] = "HMACSHA256",
            ["issuedAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["userId"] = user.UserId.Value,
            ["client"] = new JsonObject
            {
                ["oauthToken"] = user.SessionId,
                ["instanceUrl"] = instance,
                ["targetOrigin"] = instance,
                ["instanceId"] = "09HLOCALSTACK00",
                ["refreshToken"] = null,
            },
            ["context"] = new JsonObject
            {
                ["user"] = new JsonObject { ["userId"] = user.UserId.Value, ["userName"] = user.Email, ["email"] = user.Email, ["fullName"] = user.Name, ["userType"] = "STANDARD" },
                ["organization"] = new JsonObject { ["organizationId"] = user.OrgId.Value, ["name"] = "SfCognitoSso local stack" },
                ["application"] = new JsonObject { ["name"] = "SfCognitoSso", ["authType"] = "SIGNED_REQUEST", ["canvasUrl"] = canvasApp.AbsoluteUri },
            },
        };
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(options.CanvasConsumerSecret), System.Text.Encoding.ASCII.GetBytes(encoded)));
        if (context.Request.Query["tamper"] == "1")
        {
            envelope["context"]!["user"]!["userId"] = options.Users[(index + 1) % options.Users.Count].UserId.Value;
            encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        }

        var action = System.Net.WebUtility.HtmlEncode(canvasApp.AbsoluteUri);
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Salesforce (stand-in): opening a canvas app</title></head>
            <body>
            <p>Salesforce (stand-in) is opening the canvas app for {{System.Net.WebUtility.HtmlEncode(user.Name)}}…</p>
            <form method="post" action="{{action}}"><input type="hidden" name="signed_request" value="{{signature}}.{{encoded}}"><noscript><button>Continue</button></noscript></form>
            <script>document.forms[0].submit();</script>
            </body></html>
            """, context.RequestAborted).ConfigureAwait(false);
    }
}
