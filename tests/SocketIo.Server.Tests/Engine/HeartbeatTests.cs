using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Engine;

public class HeartbeatTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan PongTimeout = TimeSpan.FromSeconds(20);

    private static Task<EngineTestServer> StartAsync(ManualTimeProvider time) =>
        EngineTestServer.StartAsync(o => { o.PingInterval = Interval; o.PingTimeout = PongTimeout; }, time);

    [Fact]
    public async Task Server_pings_every_interval_while_the_client_answers()
    {
        var time = new ManualTimeProvider();
        await using var server = await StartAsync(time);
        var sid = await server.HandshakeAsync();

        for (var i = 0; i < 3; i++)
        {
            time.Advance(Interval);
            (await (await server.PollAsync(sid)).Content.ReadAsStringAsync()).Should().Be("2");
            time.Advance(PongTimeout - TimeSpan.FromSeconds(1));
            (await server.PostAsync(sid, "3")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        server.Handler.Connections[sid].ConnectionClosed.IsCancellationRequested.Should().BeFalse();
    }

    [Fact]
    public async Task No_pong_within_pingTimeout_closes_with_ping_timeout()
    {
        var time = new ManualTimeProvider();
        await using var server = await StartAsync(time);
        var sid = await server.HandshakeAsync();

        time.Advance(Interval);
        time.Advance(PongTimeout - TimeSpan.FromMilliseconds(1));
        server.Handler.Connections[sid].ConnectionClosed.IsCancellationRequested.Should().BeFalse();
        time.Advance(TimeSpan.FromMilliseconds(1));

        (await server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.PingTimeout);
        (await server.PollAsync(sid)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_pending_poll_gets_the_close_packet_on_ping_timeout()
    {
        var time = new ManualTimeProvider();
        await using var server = await StartAsync(time);
        var sid = await server.HandshakeAsync();
        time.Advance(Interval);
        (await (await server.PollAsync(sid)).Content.ReadAsStringAsync()).Should().Be("2");
        var poll = server.PollAsync(sid);
        await Eventually.TrueAsync(() => ((EngineSession)server.Handler.Connections[sid]).Transport is SocketIo.Server.Engine.Transports.PollingTransport { IsPollPending: true });

        time.Advance(PongTimeout);

        (await (await poll).Content.ReadAsStringAsync()).Should().Be("1");
    }

    [Fact]
    public async Task Websocket_sessions_are_pinged_and_time_out_too()
    {
        var time = new ManualTimeProvider();
        await using var server = await StartAsync(time);
        using var socket = await server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        var sid = (await socket.ReceiveTextAsync()).Substring(9, 20);

        time.Advance(Interval);
        (await socket.ReceiveTextAsync()).Should().Be("2");
        await socket.SendTextAsync("3");
        await socket.SendTextAsync("4sync");
        (await socket.ReceiveTextAsync()).Should().Be("4sync"); // packets are handled in order: the pong was seen

        time.Advance(Interval);
        (await socket.ReceiveTextAsync()).Should().Be("2");
        time.Advance(PongTimeout);

        (await server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.PingTimeout);
        await socket.WaitForCloseAsync();
    }

    [Fact]
    public async Task A_server_close_without_a_pending_poll_gives_up_after_the_close_timeout()
    {
        var time = new ManualTimeProvider();
        await using var server = await EngineTestServer.StartAsync(o => o.PollingCloseTimeout = TimeSpan.FromSeconds(30), time);
        var sid = await server.HandshakeAsync();

        server.Handler.Connections[sid].Close();
        time.Advance(TimeSpan.FromSeconds(30));

        (await server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.ForcedClose);
    }
}

public class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_host_closes_every_session_and_releases_pending_polls()
    {
        var server = await EngineTestServer.StartAsync();
        var sid = await server.HandshakeAsync();
        var poll = server.PollAsync(sid);
        using var socket = await server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        var wsSid = (await socket.ReceiveTextAsync()).Substring(9, 20);
        var wsClosed = socket.WaitForCloseAsync();

        await server.DisposeAsync();

        (await server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.ServerShuttingDown);
        (await server.Handler.ClosedAsync(wsSid)).Should().Be(EngineCloseReason.ServerShuttingDown);
        string released;
        try
        {
            released = await (await poll).Content.ReadAsStringAsync();
        }
        catch (HttpRequestException)
        {
            released = "aborted";
        }

        released.Should().BeOneOf("1", "aborted");
        await wsClosed;
    }

    [Fact]
    public async Task Once_the_host_is_stopping_a_new_session_is_refused_and_an_open_one_is_closed()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.HandshakeAsync();

        server.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        (await server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.ServerShuttingDown);
        using var polling = await server.Http.GetAsync(EngineTestServer.Url("EIO=4&transport=polling"));
        polling.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var upgrade = async () => await server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        await upgrade.Should().ThrowAsync<System.Net.WebSockets.WebSocketException>();
    }
}
