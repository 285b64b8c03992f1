using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SocketIo.Server.Tests.Support;

/// <summary>
/// A Socket.IO client speaking raw packets over an Engine.IO WebSocket, for asserting exact frames. Pings are
/// answered and skipped; frames are returned in order.
/// </summary>
internal sealed class RawSocketIoClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;

    private RawSocketIoClient(ClientWebSocket socket)
    {
        _socket = socket;
    }

    public WebSocketState State => _socket.State;

    public static async Task<RawSocketIoClient> ConnectAsync(SocketIoTestServer server) => new(await server.ConnectAsync());

    /// <summary>Joins a namespace and returns the socket id from the CONNECT reply.</summary>
    public async Task<string> JoinAsync(string nsp = "/", string? auth = null)
    {
        var prefix = nsp == "/" ? string.Empty : nsp + ",";
        await SendAsync("40" + prefix + auth);
        var reply = await ReceiveTextAsync();
        reply.Should().StartWith("40" + prefix + "{");
        return JsonDocument.Parse(reply[(2 + prefix.Length)..]).RootElement.GetProperty("sid").GetString()!;
    }

    public Task SendAsync(string text) => _socket.SendTextAsync(text);

    public Task SendBinaryAsync(byte[] bytes) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>The next frame that is not a ping: text as "text", binary as "binary:" + hex.</summary>
    public async Task<string> ReceiveAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var (type, data) = await _socket.ReceiveMessageAsync(timeout);
            switch (type)
            {
                case WebSocketMessageType.Close:
                    return "<closed>";
                case WebSocketMessageType.Binary:
                    return "binary:" + Convert.ToHexString(data);
            }

            var text = Encoding.UTF8.GetString(data);
            if (text == "2")
            {
                await SendAsync("3");
                continue;
            }

            return text;
        }
    }

    public async Task<string> ReceiveTextAsync()
    {
        var frame = await ReceiveAsync();
        frame.Should().NotStartWith("binary:");
        return frame;
    }

    /// <summary>Completes when the server closed the connection (Engine.IO close or WebSocket close).</summary>
    public async Task WaitForCloseAsync()
    {
        try
        {
            while (true)
            {
                var frame = await ReceiveAsync();
                if (frame is "<closed>" or "1")
                {
                    return;
                }
            }
        }
        catch (WebSocketException)
        {
        }
    }

    /// <summary>Drops the TCP connection without a close handshake, as a network failure would.</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }

        _socket.Dispose();
    }
}
