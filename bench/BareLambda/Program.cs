using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

// The same Runtime API exchange as the product's bootstrap (GET next, POST the reply), the define decision written
// inline: no configuration, no DI, no logging, no validation.
var api = "http://" + Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/";
using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
{
    Timeout = Timeout.InfiniteTimeSpan,
};
while (true)
{
    using var next = await http.GetAsync(new Uri(api + "next"), HttpCompletionOption.ResponseHeadersRead);
    var requestId = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
    var node = JsonNode.Parse(await next.Content.ReadAsByteArrayAsync())!;
    var sessions = node["request"]?["session"]?.AsArray() ?? [];
    var last = sessions.Count > 0 ? sessions[^1] : null;
    var response = node["response"]!.AsObject();
    var answered = last?["challengeResult"]?.GetValue<bool>() == true;
    response["issueTokens"] = answered;
    response["failAuthentication"] = sessions.Count >= 3 && !answered;
    if (!answered && sessions.Count < 3)
    {
        response["challengeName"] = "CUSTOM_CHALLENGE";
    }

    using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(node, JsonContext.Default.JsonNode));
    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    using var posted = await http.PostAsync(new Uri(api + requestId + "/response"), content);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonContext : System.Text.Json.Serialization.JsonSerializerContext;
