using System.Net;
using System.Text.Json;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 29 (socket.io close.ts; socketioxide #801): a second CONNECT to a namespace, even one sent while the first
/// is still in an async middleware, and an EVENT before any CONNECT close the connection (polling: <c>6␞1</c>, as
/// the reference answers). A connection's packets are handled one after another, so the second CONNECT is seen
/// only once the first is settled: middlewares run once and no socket is left behind.
/// </summary>
public class Row29DuplicateOrEarlyConnectTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _releaseMiddleware = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _middlewareEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SocketIoThreatServer _server = null!;
    private int _middlewareRuns;

    public async Task InitializeAsync() => _server = await SocketIoThreatServer.StartAsync(io => io.Of("/slow").Use(async (_, cancellationToken) =>
    {
        Interlocked.Increment(ref _middlewareRuns);
        _middlewareEntered.TrySetResult();
        await _releaseMiddleware.Task.WaitAsync(cancellationToken);
    }));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Row_29_second_connect_to_the_same_namespace_closes_the_connection()
    {
        await using var attacker = await RawSocketIoClient.ConnectAsync(_server.Server);
        var sid = await attacker.JoinAsync();

        await attacker.SendAsync("40");

        await attacker.WaitForCloseAsync();
        (await _server.DisconnectedAsync(sid)).Should().Be("forced server close");
        _server.Io.Sockets.Sockets.Should().BeEmpty();
        await _server.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_29_second_connect_during_a_slow_async_middleware_runs_no_middleware_again_and_leaves_no_socket()
    {
        await using var attacker = await RawSocketIoClient.ConnectAsync(_server.Server);

        await attacker.SendAsync("40/slow,");
        await _middlewareEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await attacker.SendAsync("40/slow,");
        _releaseMiddleware.TrySetResult();

        (await attacker.ReceiveTextAsync()).Should().StartWith("40/slow,{\"sid\":");
        await attacker.WaitForCloseAsync();
        Volatile.Read(ref _middlewareRuns).Should().Be(1);
        await Eventually.TrueAsync(() => _server.Io.Of("/slow").Sockets.Count == 0);
        await _server.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_29_second_connect_on_polling_gets_the_connect_reply_then_noop_and_close()
    {
        var sid = await HandshakeAsync();

        await PostAsync(sid, "40");
        await PostAsync(sid, "40");

        (await PollAsync(sid)).Should().StartWith("40{\"sid\":");
        (await PollAsync(sid)).Should().Be("6\u001e1");
        (await _server.Server.Http.GetAsync(Url(sid))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        _server.Io.Sockets.Sockets.Should().BeEmpty();
        await _server.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_29_event_before_connect_on_polling_gets_noop_and_close()
    {
        var sid = await HandshakeAsync();

        await PostAsync(sid, "42[\"x\"]");

        (await PollAsync(sid)).Should().Be("6\u001e1");
        (await _server.Server.Http.GetAsync(Url(sid))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        _server.Events.Should().BeEmpty();
        await _server.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_29_event_before_connect_on_websocket_closes_the_connection()
    {
        await using var attacker = await RawSocketIoClient.ConnectAsync(_server.Server);

        await attacker.SendAsync("42[\"x\"]");

        await attacker.WaitForCloseAsync();
        _server.Events.Should().BeEmpty();
        await _server.AssertAliveAsync();
    }

    private static string Url(string sid) => $"/socket.io/?EIO=4&transport=polling&sid={sid}";

    private async Task<string> HandshakeAsync()
    {
        var body = await _server.Server.Http.GetStringAsync("/socket.io/?EIO=4&transport=polling");
        return JsonDocument.Parse(body[1..]).RootElement.GetProperty("sid").GetString()!;
    }

    private async Task PostAsync(string sid, string body) =>
        (await _server.Server.Http.PostAsync(Url(sid), new StringContent(body))).StatusCode.Should().Be(HttpStatusCode.OK);

    /// <summary>The next poll's body, without the heartbeat's pings (this client never answers them).</summary>
    private async Task<string> PollAsync(string sid)
    {
        while (true)
        {
            var body = await _server.Server.Http.GetStringAsync(Url(sid));
            var packets = body.Split('\u001e').Where(p => p != "2").ToArray();
            if (packets.Length > 0)
            {
                return string.Join('\u001e', packets);
            }
        }
    }
}
