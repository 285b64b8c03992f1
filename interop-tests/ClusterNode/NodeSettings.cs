namespace ClusterNode;

/// <summary>
/// The node's configuration, from the same environment variables as interop-tests/support/cluster-node.mjs:
/// PORT, NAME, REDIS_URL (redis://host:port), ADAPTER (classic | sharded), SUBSCRIPTION_MODE (static | dynamic |
/// dynamic-private), KEY, REQUESTS_TIMEOUT (ms).
/// </summary>
internal sealed record NodeSettings(
    int Port,
    string Name,
    string RedisHost,
    int RedisPort,
    bool Sharded,
    string SubscriptionMode,
    string Key,
    TimeSpan RequestsTimeout)
{
    public static NodeSettings FromEnvironment()
    {
        var port = int.Parse(Environment.GetEnvironmentVariable("PORT") ?? "3000", System.Globalization.CultureInfo.InvariantCulture);
        var redis = new Uri(Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379");
        var adapter = Environment.GetEnvironmentVariable("ADAPTER") ?? "classic";
        var timeout = Environment.GetEnvironmentVariable("REQUESTS_TIMEOUT");
        return new NodeSettings(
            port,
            Environment.GetEnvironmentVariable("NAME") ?? $"node-{port}",
            redis.Host,
            redis.IsDefaultPort ? 6379 : redis.Port,
            adapter switch
            {
                "classic" => false,
                "sharded" => true,
                _ => throw new InvalidOperationException($"ADAPTER must be classic or sharded, not '{adapter}'"),
            },
            Environment.GetEnvironmentVariable("SUBSCRIPTION_MODE") ?? "dynamic",
            Environment.GetEnvironmentVariable("KEY") ?? "socket.io",
            TimeSpan.FromMilliseconds(timeout is null ? 5000 : double.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
