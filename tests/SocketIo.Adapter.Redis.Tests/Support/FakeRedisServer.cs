using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SocketIo.Adapter.Redis.Tests.Support;

/// <summary>
/// A loopback TCP server that plays Redis by hand: it accepts one connection, and the test reads what the client sent
/// and writes whatever bytes it wants (or nothing), to provoke timeouts and protocol errors a real server never makes.
/// </summary>
internal sealed class FakeRedisServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly StringBuilder _received = new();
    private TcpClient? _client;

    public FakeRedisServer() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public RedisConnectionOptions CreateOptions() => new() { Host = "127.0.0.1", Port = Port };

    public async Task AcceptAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        _client = await _listener.AcceptTcpClientAsync(timeout.Token);
    }

    /// <summary>Reads until what the client sent so far contains <paramref name="expected"/>; returns all of it.</summary>
    public async Task<string> ReceiveUntilAsync(string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        while (!_received.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var read = await _client!.GetStream().ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new IOException($"The client closed the connection; it had sent: {_received}");
            }

            _received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return _received.ToString();
    }

    /// <summary>Reads and forgets what the client sends, until it closes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task DiscardIncomingAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await _client!.GetStream().ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // Closed or stopped: either ends the discarding.
        }
    }

    public async Task SendAsync(string text) => await _client!.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Waits until the client closes its end.</summary>
    public async Task WaitForClientCloseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        try
        {
            while (await _client!.GetStream().ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }
    }

    public void CloseClient() => _client?.Dispose();

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }
}
