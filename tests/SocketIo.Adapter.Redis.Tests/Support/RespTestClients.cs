using System.Threading.Channels;
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

/// <summary>Records a client's <see cref="IRedisPubSubClient.ConnectionChanged"/> events so a test can await them.</summary>
internal sealed class ConnectionStateRecorder
{
    private readonly Channel<bool> _changes = Channel.CreateUnbounded<bool>();

    public ConnectionStateRecorder(IRedisPubSubClient client) => client.ConnectionChanged += connected => _changes.Writer.TryWrite(connected);

    /// <summary>Waits until the client reports <paramref name="connected"/> (skipping other reports).</summary>
    public async Task WaitForAsync(bool connected, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            while (await _changes.Reader.ReadAsync(cancel.Token) != connected)
            {
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The client did not report connected = {connected} in time.");
        }
    }
}
