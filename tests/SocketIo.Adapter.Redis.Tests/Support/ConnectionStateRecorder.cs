using System.Threading.Channels;
using SocketIo.Adapter.Redis.Resp;

namespace SocketIo.Adapter.Redis.Tests.Support;

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
