using System.Collections.Frozen;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>
/// The request paths whose WebSocket handshakes the connection layer takes: the application's Engine.IO endpoints
/// marked with <see cref="ConnectionLevelEngineEndpoint"/>, at their full route (group prefixes included), when the
/// route is plain text and the endpoint has no convention only the pipeline enforces. Read from the
/// application's endpoints on first use, since they are only complete once the application runs.
/// </summary>
internal sealed class ConnectionLevelEngineRoutes
{
    private readonly Lazy<FrozenDictionary<string, RouteEndpoint>> _routes;

    public ConnectionLevelEngineRoutes(IServiceProvider services)
    {
        _routes = new Lazy<FrozenDictionary<string, RouteEndpoint>>(() => Collect(services.GetService<EndpointDataSource>()));
    }

    /// <summary>Finds the endpoint serving <paramref name="path"/>, with or without a trailing slash, as routing does.</summary>
    public bool TryFind(string path, out RouteEndpoint endpoint, out EngineServer server)
    {
        server = null!;
        if (!_routes.Value.TryGetValue(Key(path), out endpoint!))
        {
            return false;
        }

        server = endpoint.Metadata.GetRequiredMetadata<ConnectionLevelEngineEndpoint>().Server;
        return true;
    }

    private static FrozenDictionary<string, RouteEndpoint> Collect(EndpointDataSource? source)
    {
        var routes = new Dictionary<string, RouteEndpoint>(StringComparer.OrdinalIgnoreCase);
        foreach (var endpoint in source?.Endpoints ?? [])
        {
            if (endpoint is RouteEndpoint route
                && route.Metadata.GetMetadata<ConnectionLevelEngineEndpoint>() is not null
                && !NeedsThePipeline(route)
                && LiteralPath(route.RoutePattern) is { } path)
            {
                routes.TryAdd(Key(path), route);
            }
        }

        return routes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Conventions only the pipeline enforces: authorization, host matching, rate limiting.</summary>
    private static bool NeedsThePipeline(RouteEndpoint route) =>
        route.Metadata.GetMetadata<IAuthorizeData>() is not null
        || route.Metadata.GetMetadata<IHostMetadata>() is { Hosts.Count: > 0 }
        || route.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null;

    private static string? LiteralPath(RoutePattern pattern)
    {
        if (pattern.Parameters.Count > 0)
        {
            return null;
        }

        var segments = new List<string>(pattern.PathSegments.Count);
        foreach (var segment in pattern.PathSegments)
        {
            if (segment.Parts is not [RoutePatternLiteralPart literal])
            {
                return null;
            }

            segments.Add(literal.Content);
        }

        return "/" + string.Join('/', segments);
    }

    private static string Key(string path) => path.Length > 1 && path[^1] == '/' ? path[..^1] : path;
}
