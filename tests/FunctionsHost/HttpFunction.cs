using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Template;
using SfCognitoSso.FunctionsHost.Rpc;

namespace SfCognitoSso.FunctionsHost;

/// <summary>
/// An HTTP-triggered function as the worker's metadata declares it: its <c>httpTrigger</c> binding's name, route
/// (the function's name when none is given) and methods (any when none are given).
/// </summary>
public sealed class HttpFunction
{
    private HttpFunction(string functionId, string name, string triggerBindingName, string route, IReadOnlyList<string> methods)
    {
        FunctionId = functionId;
        Name = name;
        TriggerBindingName = triggerBindingName;
        Route = route;
        Methods = methods;
    }

    public string FunctionId { get; }

    public string Name { get; }

    public string TriggerBindingName { get; }

    /// <summary>The route as declared, without the host's prefix.</summary>
    public string Route { get; }

    /// <summary>Upper-case HTTP methods; empty means any.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>The function when it has an <c>httpTrigger</c> binding; otherwise null (the stand-in serves HTTP only).</summary>
    public static HttpFunction? FromMetadata(string functionId, RpcFunctionMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        foreach (var raw in metadata.RawBindings)
        {
            if (JsonNode.Parse(raw) is not JsonObject binding
                || !string.Equals(binding["type"]?.GetValue<string>(), "httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var methods = binding["methods"] is JsonArray declared
                ? declared.Select(method => method!.GetValue<string>().ToUpperInvariant()).ToArray()
                : [];
            return new HttpFunction(
                functionId,
                metadata.Name,
                binding["name"]?.GetValue<string>() ?? "req",
                binding["route"]?.GetValue<string>() ?? metadata.Name,
                methods);
        }

        return null;
    }

    public bool Allows(string method) => Methods.Count == 0 || Methods.Contains(method, StringComparer.OrdinalIgnoreCase);

    /// <summary>The routing table the host builds: <c>{routePrefix}/{route}</c> for each function.</summary>
    public static RouteTable Table(IEnumerable<HttpFunction> functions, string routePrefix) =>
        new([.. functions.Select(function => (function, new TemplateMatcher(TemplateParser.Parse(Join(routePrefix, function.Route)), new RouteValueDictionary())))]);

    /// <summary><c>extensions.http.routePrefix</c> of the app's host.json; "api" when it sets none, as on Azure.</summary>
    public static string RoutePrefixOf(string appDirectory)
    {
        var hostJson = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(hostJson))
        {
            return "api";
        }

        var document = JsonNode.Parse(File.ReadAllText(hostJson), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
    }

    private static string Join(string prefix, string route) =>
        prefix.Trim('/').Length == 0 ? route.Trim('/') : $"{prefix.Trim('/')}/{route.Trim('/')}";
}

/// <summary>Finds the function for a request: the first whose route matches the path and whose methods allow the method.</summary>
public sealed class RouteTable(IReadOnlyList<(HttpFunction Function, TemplateMatcher Matcher)> routes)
{
    public IEnumerable<HttpFunction> Functions => routes.Select(route => route.Function);

    /// <summary>The function and its route values, or none: the host answers 404 then, whether the path or the method
    /// did not match (its route constraints include the method).</summary>
    public (HttpFunction? Function, IReadOnlyDictionary<string, string> RouteValues) Match(string method, PathString path)
    {
        foreach (var (function, matcher) in routes)
        {
            var values = new RouteValueDictionary();
            if (!matcher.TryMatch(path, values))
            {
                continue;
            }

            if (function.Allows(method))
            {
                return (function, values.ToDictionary(pair => pair.Key, pair => Convert.ToString(pair.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
            }
        }

        return (null, new Dictionary<string, string>());
    }
}
