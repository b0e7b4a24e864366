using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

// Read the body, call the stand-in with the session as Bearer, answer JSON: the least any validator must do.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var salesforce = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
{
    BaseAddress = new Uri(Environment.GetEnvironmentVariable("SALESFORCE_URL") ?? "http://127.0.0.1:18081"),
};

app.MapPost("/v1/sessions/validate", async (HttpRequest request) =>
{
    var body = await JsonNode.ParseAsync(request.Body);
    using var call = new HttpRequestMessage(HttpMethod.Get, "/services/data/v62.0/chatter/users/me");
    call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", body?["sessionId"]?.GetValue<string>());
    using var response = await salesforce.SendAsync(call);
    var user = await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync());
    return Results.Json(new JsonObject
    {
        ["username"] = $"sf_00D6g000006wre4EAA_{user?["id"]}",
        ["email"] = user?["email"]?.GetValue<string>(),
        ["created"] = false,
    });
});
app.Run();
