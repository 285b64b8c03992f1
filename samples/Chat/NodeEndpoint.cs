using SocketIo.Server;

namespace Chat;

/// <summary>
/// <c>GET /api/node</c> → <c>{"node":"&lt;name&gt;","users":[names]}</c>: which node answers and the users of the
/// sockets connected to THIS node (presence spans the cluster; this does not). Behind a load balancer it shows where
/// clients landed: the cluster test (interop-tests/cluster/nginx.test.mjs) asks each node directly, and a load
/// balancer may use it as its health check.
/// </summary>
internal static class NodeEndpoint
{
    /// <summary>The configuration key (command line <c>--node-name</c>) that names the node.</summary>
    public const string NameKey = "node-name";

    public static void Map(IEndpointRouteBuilder app, string nodeName) =>
        app.MapGet("/api/node", (SocketIoServer io) => new NodeSummary(nodeName, LocalUsers(io)));

    /// <summary>The node's name: <c>--node-name</c> when given, else the machine name and process id.</summary>
    public static string NameFrom(IConfiguration configuration) =>
        configuration[NameKey] is { Length: > 0 } name ? name : $"{Environment.MachineName}-{Environment.ProcessId}";

    private static List<string> LocalUsers(SocketIoServer io) =>
        [.. io.Sockets.Sockets.Values
            .Select(s => s.Data.TryGetValue(Presence.NameKey, out var name) ? name as string : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
}

/// <summary>The answer of <c>GET /api/node</c>.</summary>
internal sealed record NodeSummary(string Node, IReadOnlyList<string> Users);
