using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 11 (CVE-2024-38355): a client emitting an event named <c>error</c>. It is an ordinary event: nothing throws
/// when no listener exists, the connection stays open, and it never reaches the <c>"error"</c> listeners, which hear
/// the server's own errors only (catch-all listeners see it, as any event).
/// </summary>
public class Row11ErrorAsUserEventTests : IAsyncLifetime
{
    private SocketIoThreatServer _server = null!;

    public async Task InitializeAsync() => _server = await SocketIoThreatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Row_11_error_event_without_a_listener_leaves_the_connection_open()
    {
        await using var client = await RawSocketIoClient.ConnectAsync(_server.Server);
        var sid = await client.JoinAsync();

        await client.SendAsync("42[\"error\",\"boom\"]");

        await client.SendAsync("42[\"echo\",\"after boom\"]");
        (await client.ReceiveTextAsync()).Should().Be("42[\"echo-back\",\"after boom\"]");
        _server.DisconnectedAsync(sid).IsCompleted.Should().BeFalse();
        await _server.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_11_error_event_never_reaches_the_listeners_of_server_errors()
    {
        var serverErrors = 0;
        await using var server = await SocketIoThreatServer.StartAsync(io => io.OnConnection(socket =>
            socket.On("error", (Exception _) => Interlocked.Increment(ref serverErrors))));
        await using var client = await RawSocketIoClient.ConnectAsync(server.Server);
        var sid = await client.JoinAsync();

        await client.SendAsync("42[\"error\",\"boom\"]");
        await client.SendAsync("42[\"error\",{\"message\":\"boom\",\"stack\":\"x\"}]");

        await client.SendAsync("42[\"echo\",\"after boom\"]");
        (await client.ReceiveTextAsync()).Should().Be("42[\"echo-back\",\"after boom\"]");
        Volatile.Read(ref serverErrors).Should().Be(0);
        server.Events.Where(e => e.SocketId == sid).Select(e => e.EventName).Should().Equal("error", "error", "echo");
        server.DisconnectedAsync(sid).IsCompleted.Should().BeFalse();
        await server.AssertAliveAsync();
    }
}
