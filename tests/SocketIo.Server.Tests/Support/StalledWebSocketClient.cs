using System.Net.Sockets;
using System.Net.WebSockets;
using TcpSocket = System.Net.Sockets.Socket;

namespace SocketIo.Server.Tests.Support;

/// <summary>
/// A WebSocket client over a TCP socket with a tiny receive buffer, for a client that stops reading: once the test
/// stops calling receive, the kernel's window fills within a few kilobytes and the server's sends block.
/// </summary>
internal sealed class StalledWebSocketClient : IAsyncDisposable
{
    private readonly HttpMessageInvoker _invoker;

    private StalledWebSocketClient(ClientWebSocket socket, HttpMessageInvoker invoker)
    {
        WebSocket = socket;
        _invoker = invoker;
    }

    public ClientWebSocket WebSocket { get; }

    public static async Task<StalledWebSocketClient> ConnectAsync(Uri uri, int receiveBufferSize = 4096)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                // The buffer size must be set before connecting: it fixes the window the client advertises.
                var socket = new TcpSocket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = receiveBufferSize };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var invoker = new HttpMessageInvoker(handler);
        var client = new ClientWebSocket();
        try
        {
            await client.ConnectAsync(uri, invoker, CancellationToken.None);
        }
        catch
        {
            client.Dispose();
            invoker.Dispose();
            throw;
        }

        return new StalledWebSocketClient(client, invoker);
    }

    /// <summary>Reads until the server closed or dropped the connection; what it had sent before is skipped.</summary>
    public Task WaitForServerCloseAsync() => WebSocket.WaitForCloseAsync();

    public ValueTask DisposeAsync()
    {
        WebSocket.Abort();
        WebSocket.Dispose();
        _invoker.Dispose();
        return ValueTask.CompletedTask;
    }
}
