using SocketIo.Adapter.Redis.Resp;

namespace SocketIo.Adapter.Redis.Tests.Support;

/// <summary>Starts <see cref="RespPubSubClient"/>s against a test server, with a short reconnect delay.</summary>
internal static class RespTestClients
{
    public static async Task<RespPubSubClient> StartAsync(
        RedisServerProcess server, Action<RedisConnectionOptions>? configure = null, RecordingLogger<RespPubSubClient>? logger = null)
    {
        var client = Create(server, configure, logger);
        try
        {
            await client.StartAsync();
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return client;
    }

    public static RespPubSubClient Create(
        RedisServerProcess server, Action<RedisConnectionOptions>? configure = null, RecordingLogger<RespPubSubClient>? logger = null)
    {
        var options = server.CreateOptions();
        options.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
        options.ConnectTimeout = TimeSpan.FromSeconds(5);
        configure?.Invoke(options);
        return new RespPubSubClient(options, logger ?? new RecordingLogger<RespPubSubClient>());
    }
}
