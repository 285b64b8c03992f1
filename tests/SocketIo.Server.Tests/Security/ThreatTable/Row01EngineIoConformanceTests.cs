using System.Net;
using System.Net.WebSockets;
using SocketIo.Server.Engine;
using SocketIo.Server.Engine.Transports;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 1: the 25 cases of the official Engine.IO v4 suite (socketio/socket.io docs/engine.io-protocol/
/// v4-test-suite), rewritten here because CI cannot fetch the suite, against an echo endpoint configured as the suite
/// requires (pingInterval 300 ms, pingTimeout 1 s instead of 200 ms, see EngineIoSuiteChecks, maxPayload 1e6). The Engine.IO cases shared with the v5 suite
/// are <see cref="EngineIoSuiteChecks"/>; row 2 runs them again at /socket.io/.
/// </summary>
public class Row01EngineIoConformanceTests : IAsyncLifetime
{
    private EngineTestServer _server = null!;
    private EngineIoSuiteChecks _suite = null!;

    public async Task InitializeAsync()
    {
        _server = await EngineTestServer.StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(EngineIoSuiteChecks.PingInterval);
            o.PingTimeout = TimeSpan.FromMilliseconds(EngineIoSuiteChecks.PingTimeout);
            o.MaxHttpBufferSize = 1_000_000;
        });
        _suite = new EngineIoSuiteChecks(_server.Http, _server.BaseUri, "/engine.io/");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public Task Row_01_handshake_polling_opens_a_session() => _suite.PollingHandshakeOpensASessionAsync();

    [Fact]
    public Task Row_01_handshake_polling_with_invalid_EIO_gets_400() => _suite.PollingHandshakeWithInvalidEioFailsAsync();

    [Fact]
    public Task Row_01_handshake_polling_with_invalid_transport_gets_400() => _suite.PollingHandshakeWithInvalidTransportFailsAsync();

    [Fact]
    public Task Row_01_handshake_polling_with_invalid_method_gets_400() => _suite.PollingHandshakeWithInvalidMethodFailsAsync();

    [Fact]
    public Task Row_01_handshake_websocket_opens_a_session() => _suite.WebSocketHandshakeOpensASessionAsync();

    [Fact]
    public Task Row_01_handshake_websocket_with_invalid_EIO_is_refused() => _suite.WebSocketHandshakeWithInvalidEioFailsAsync();

    [Fact]
    public Task Row_01_handshake_websocket_with_invalid_transport_is_refused() => _suite.WebSocketHandshakeWithInvalidTransportFailsAsync();

    [Theory]
    [InlineData("4hello")]
    [InlineData("4test1\u001e4test2\u001e4test3")]
    [InlineData("4hello\u001ebAQIDBA==")]
    public async Task Row_01_message_polling_payload_is_echoed(string payload)
    {
        var sid = await _suite.OpenPollingSessionAsync();

        var push = await _suite.PostAsync(sid, payload);
        push.StatusCode.Should().Be(HttpStatusCode.OK);
        (await push.Content.ReadAsStringAsync()).Should().Be("ok");

        var poll = await _suite.PollAsync(sid);
        poll.StatusCode.Should().Be(HttpStatusCode.OK);
        (await poll.Content.ReadAsStringAsync()).Should().Be(payload);
    }

    [Fact]
    public async Task Row_01_message_polling_invalid_packet_closes_the_session()
    {
        var sid = await _suite.OpenPollingSessionAsync();

        // The suite's 400 check sits in a try whose catch also swallows a failed assertion; like the reference, the
        // POST itself is answered "ok" and the session is closed for the parse error.
        (await _suite.PostAsync(sid, "abc")).StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.BadRequest);

        (await _suite.PollAsync(sid)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Row_01_message_polling_duplicate_poll_closes_the_session()
    {
        var sid = await _suite.OpenPollingSessionAsync();

        var first = _suite.PollAsync(sid);
        await WaitUntilPollIsPendingAsync(sid);
        var second = await _suite.PollAsync(sid, "&t=burst");

        (await first).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await first).Content.ReadAsStringAsync()).Should().Be("1");
        second.StatusCode.Should().BeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.InternalServerError);
        (await _suite.PollAsync(sid)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Row_01_message_polling_cancelled_poll_closes_the_session()
    {
        var sid = await _suite.OpenPollingSessionAsync();
        using var abort = new CancellationTokenSource();
        var poll = _suite.PollAsync(sid, cancellationToken: abort.Token);
        await WaitUntilPollIsPendingAsync(sid);

        await abort.CancelAsync();
        await poll.Invoking(p => p).Should().ThrowAsync<OperationCanceledException>();
        await _server.Handler.ClosedAsync(sid);

        (await _suite.PollAsync(sid)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Row_01_message_websocket_text_is_echoed()
    {
        using var socket = await _suite.ConnectAsync("EIO=4&transport=websocket");
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("4hello");

        (await socket.ReceiveTextAsync()).Should().Be("4hello");
    }

    [Fact]
    public async Task Row_01_message_websocket_binary_is_echoed()
    {
        using var socket = await _suite.ConnectAsync("EIO=4&transport=websocket");
        await socket.ReceiveTextAsync();

        await socket.SendAsync(new byte[] { 1, 2, 3, 4 }, WebSocketMessageType.Binary, true, CancellationToken.None);

        var (type, data) = await socket.ReceiveMessageAsync();
        type.Should().Be(WebSocketMessageType.Binary);
        data.Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public async Task Row_01_message_websocket_invalid_packet_closes_the_session()
    {
        using var socket = await _suite.ConnectAsync("EIO=4&transport=websocket");
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("abc");

        await socket.WaitForCloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public Task Row_01_heartbeat_polling_sends_pings_and_takes_pongs() => _suite.PollingSendsPingsAndTakesPongsAsync();

    [Fact]
    public Task Row_01_heartbeat_polling_closes_on_ping_timeout() => _suite.PollingSessionClosesOnPingTimeoutAsync();

    [Fact]
    public Task Row_01_heartbeat_websocket_sends_pings_and_takes_pongs() => _suite.WebSocketSendsPingsAndTakesPongsAsync();

    [Fact]
    public Task Row_01_heartbeat_websocket_closes_on_ping_timeout() => _suite.WebSocketSessionClosesOnPingTimeoutAsync();

    [Fact]
    public Task Row_01_close_polling_close_packet_releases_the_poll_with_noop() => _suite.PollingClientCloseReleasesThePollWithNoopAsync();

    [Fact]
    public Task Row_01_close_websocket_close_packet_closes() => _suite.WebSocketClientCloseClosesAsync();

    [Fact]
    public async Task Row_01_upgrade_from_polling_to_websocket_then_echoes()
    {
        var (_, socket) = await _suite.UpgradeAsync(checkNoop: true);
        using (socket)
        {
            await AssertEchoAsync(socket);
        }
    }

    [Fact]
    public async Task Row_01_upgrade_then_polling_with_the_same_sid_is_refused()
    {
        using var socket = await _suite.PollingAfterUpgradeIsRefusedAsync();
        await AssertEchoAsync(socket);
    }

    [Fact]
    public async Task Row_01_upgrade_then_a_second_websocket_with_the_same_sid_is_closed()
    {
        using var socket = await _suite.SecondWebSocketAfterUpgradeIsClosedAsync();
        await AssertEchoAsync(socket);
    }

    private Task WaitUntilPollIsPendingAsync(string sid) =>
        Eventually.TrueAsync(() => ((EngineSession)_server.Handler.Connections[sid]).Transport is PollingTransport { IsPollPending: true });

    private static async Task AssertEchoAsync(ClientWebSocket socket)
    {
        await socket.SendTextAsync("4hello");
        string reply;
        while ((reply = await socket.ReceiveTextAsync()) == "2")
        {
            await socket.SendTextAsync("3");
        }

        reply.Should().Be("4hello");
    }
}
