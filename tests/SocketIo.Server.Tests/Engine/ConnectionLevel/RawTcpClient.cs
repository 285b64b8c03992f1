using System.Net.Sockets;
using System.Text;

namespace SocketIo.Server.Tests.Engine.ConnectionLevel;

/// <summary>A TCP connection to a test server that sends and reads raw bytes, for requests no HTTP client would send.</summary>
internal sealed class RawTcpClient : IDisposable
{
    private readonly TcpClient _client = new();

    private RawTcpClient()
    {
    }

    public static async Task<RawTcpClient> ConnectAsync(Uri server)
    {
        var raw = new RawTcpClient();
        await raw._client.ConnectAsync(server.Host, server.Port);
        return raw;
    }

    public Task SendAsync(string text) => _client.GetStream().WriteAsync(Encoding.Latin1.GetBytes(text)).AsTask();

    /// <summary>Everything the server sends until it closes the connection (a reset counts as a close).</summary>
    public async Task<string> ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await _client.GetStream().ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    public void Dispose() => _client.Dispose();
}
