using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable.Support;

/// <summary>
/// An innocent Engine.IO WebSocket session opened on the attacked server before the attack: it answers every ping
/// in the background, so after the attack <see cref="AssertAliveAsync"/> can prove the server still runs its
/// heartbeat for others (a ping arriving after our pong was processed is a full round trip).
/// </summary>
internal sealed class PingPongWitness : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Channel<string> _messages = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private int _pings;

    private PingPongWitness(ClientWebSocket socket)
    {
        _socket = socket;
        _reader = ReadLoopAsync();
    }

    /// <summary>Opens the session at <paramref name="path"/> (e.g. <c>/engine.io/</c>) and reads its open packet.</summary>
    public static async Task<PingPongWitness> OpenAsync(Uri baseUri, string path, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        var uri = new UriBuilder(baseUri) { Scheme = "ws", Path = path, Query = "EIO=4&transport=websocket" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        var open = await socket.ReceiveTextAsync();
        open.Should().StartWith("0{");
        return new PingPongWitness(socket);
    }

    /// <summary>Waits for two more server pings: the second one shows the pong to the first was processed.</summary>
    public async Task AssertAliveAsync()
    {
        var seen = Volatile.Read(ref _pings);
        await Eventually.TrueAsync(() => Volatile.Read(ref _pings) >= seen + 2, TimeSpan.FromSeconds(10));
        _socket.State.Should().Be(WebSocketState.Open);
    }

    /// <summary>Sends a text frame; with an echo handler, <see cref="ReceiveAsync"/> returns it.</summary>
    public Task SendAsync(string text) => _socket.SendTextAsync(text);

    /// <summary>The next message that is not a ping.</summary>
    public async Task<string> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _messages.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        try
        {
            await _reader;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        while (!_stop.IsCancellationRequested)
        {
            var result = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                _messages.Writer.TryComplete();
                return;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            if (text == "2")
            {
                await _socket.SendTextAsync("3");
                Interlocked.Increment(ref _pings);
            }
            else
            {
                _messages.Writer.TryWrite(text);
            }
        }
    }
}
