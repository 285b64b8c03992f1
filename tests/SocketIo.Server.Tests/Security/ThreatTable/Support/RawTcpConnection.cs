using System.Net;
using System.Net.Sockets;
using System.Text;
using TcpSocket = System.Net.Sockets.Socket;

namespace SocketIo.Server.Tests.Security.ThreatTable.Support;

/// <summary>
/// A bare TCP connection to the test server, for requests and frames no well-behaved client would send: bytes
/// written exactly as given, the response head read by hand, and an abortive close (RST) on demand.
/// </summary>
internal sealed class RawTcpConnection : IDisposable
{
    private readonly TcpSocket _socket;
    private readonly NetworkStream _stream;
    private readonly MemoryStream _unread = new();

    private RawTcpConnection(TcpSocket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    public Stream Stream => _stream;

    public static async Task<RawTcpConnection> ConnectAsync(Uri baseUri)
    {
        var socket = new TcpSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, baseUri.Port);
        return new RawTcpConnection(socket);
    }

    /// <summary>An HTTP/1.1 WebSocket upgrade request for <paramref name="pathAndQuery"/>, as raw bytes.</summary>
    public static byte[] UpgradeRequest(Uri baseUri, string pathAndQuery, string upgrade = "websocket", string? extraHeaders = null) =>
        Encoding.ASCII.GetBytes(
            $"GET {pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{baseUri.Port}\r\nConnection: Upgrade\r\nUpgrade: {upgrade}\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + extraHeaders + "\r\n");

    public async Task SendAsync(ReadOnlyMemory<byte> bytes) => await _stream.WriteAsync(bytes);

    public Task SendAsync(string ascii) => SendAsync(Encoding.ASCII.GetBytes(ascii));

    /// <summary>Reads up to the blank line ending the response head; bytes after it stay readable.</summary>
    public async Task<(int Status, string Head)> ReadResponseHeadAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        var head = new MemoryStream();
        while (true)
        {
            var read = await _stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new EndOfStreamException("The server closed before the response head ended: " + Encoding.ASCII.GetString(head.ToArray()));
            }

            head.Write(buffer, 0, read);
            var text = Encoding.ASCII.GetString(head.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var all = head.ToArray();
                _unread.Write(all, end + 4, all.Length - end - 4);
                _unread.Position = 0;
                return (int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture), text[..end]);
            }
        }
    }

    /// <summary>Reads into <paramref name="buffer"/>, first what the head read left over; 0 at the end of the stream.</summary>
    public async Task<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_unread.Position < _unread.Length)
        {
            return _unread.Read(buffer.Span);
        }

        return await _stream.ReadAsync(buffer, cancellationToken);
    }

    /// <summary>Reads everything until the server closes; null when the connection was reset or timed out instead.</summary>
    public async Task<byte[]?> ReadToEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var all = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await ReadAsync(buffer, cts.Token);
                if (read == 0)
                {
                    return all.ToArray();
                }

                all.Write(buffer, 0, read);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            return null;
        }
    }

    /// <summary>Closes abortively: SO_LINGER 0 makes the close send RST, as a crashed or hostile peer does.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
        _unread.Dispose();
    }
}
