using System.Net;
using System.Net.WebSockets;
using System.Text;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 15 (CVE-2022-21676, CVE-2022-41940): bytes right behind the upgrade request, resets in the middle of an
/// upgrade, and upgrades the server does not serve. The connection ends, the server and its other sessions go on, and
/// no task fails unobserved.
/// </summary>
public class Row15GarbageAroundUpgradeTests : EngineThreatTests, IDisposable
{
    /// <summary>
    /// "test" and more: 0x74 is FIN=0, RSV1-3 set, opcode 4 (reserved); the advisory's garbage frame. A client frame
    /// header is at least 6 bytes (2 + the mask key), so the bare "test" is an unfinished header.
    /// </summary>
    private static readonly byte[] Garbage = "test garbage"u8.ToArray();

    private readonly UnobservedExceptions _unobserved = new();

    public void Dispose()
    {
        _unobserved.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Row_15_garbage_frame_right_after_the_upgrade_request_without_sid_closes_that_connection_with_1002()
    {
        using var attacker = await RawTcpConnection.ConnectAsync(Server.BaseUri);

        await attacker.SendAsync((byte[])[.. RawTcpConnection.UpgradeRequest(Server.BaseUri, "/engine.io/?EIO=4&transport=websocket"), .. Garbage]);

        (await attacker.ReadResponseHeadAsync()).Status.Should().Be(101);
        AssertProtocolErrorOrDropped(await new ServerFrameReader(attacker).ReadUntilCloseAsync());
        await AssertNoHarmAsync();
    }

    [Fact]
    public async Task Row_15_garbage_frame_right_after_the_upgrade_request_with_sid_closes_that_connection_and_the_session_polls_on()
    {
        var sid = await Server.HandshakeAsync();
        using var attacker = await RawTcpConnection.ConnectAsync(Server.BaseUri);

        await attacker.SendAsync((byte[])[.. RawTcpConnection.UpgradeRequest(Server.BaseUri, $"/engine.io/?EIO=4&transport=websocket&sid={sid}"), .. Garbage]);

        (await attacker.ReadResponseHeadAsync()).Status.Should().Be(101);
        AssertProtocolErrorOrDropped(await new ServerFrameReader(attacker).ReadUntilCloseAsync());
        (await Server.PostAsync(sid, "4still polling")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await Server.PollAsync(sid)).Content.ReadAsStringAsync()).Split('\u001e').Should().Contain("4still polling");
        await AssertNoHarmAsync();
    }

    [Fact]
    public async Task Row_15_bare_test_bytes_after_the_upgrade_request_hold_nothing_and_end_at_the_ping_timeout()
    {
        await using var server = await EngineTestServer.StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(100);
            o.PingTimeout = TimeSpan.FromMilliseconds(1000);
        });
        await using var witness = await PingPongWitness.OpenAsync(server.BaseUri, "/engine.io/");
        using var attacker = await RawTcpConnection.ConnectAsync(server.BaseUri);

        await attacker.SendAsync((byte[])[.. RawTcpConnection.UpgradeRequest(server.BaseUri, "/engine.io/?EIO=4&transport=websocket"), .. "test"u8]);

        (await attacker.ReadResponseHeadAsync()).Status.Should().Be(101);
        var frames = new ServerFrameReader(attacker);
        var open = await frames.ReadTextAsync();

        // The four bytes start a frame header that never completes: no pong can follow, the heartbeat ends it.
        (await server.Handler.ClosedAsync(open.Substring(9, 20))).Should().Be(EngineCloseReason.PingTimeout);
        (await frames.ReadUntilCloseAsync()).Should().Be(WebSocketCloseStatus.NormalClosure);
        await witness.AssertAliveAsync();
        _unobserved.Collect().Should().BeEmpty();
    }

    [Theory]
    [InlineData("/engine.io/?EIO=4&transport=websocket", "websocket")]
    [InlineData("/engine.io/?EIO=4&transport=websocket&sid=SID", "websocket")]
    [InlineData("/engine.io/?EIO=4&transport=polling", "h2c")]
    [InlineData("/engine.io/?EIO=4&transport=websocket", "h2c")]
    [InlineData("/not-socket-io/", "websocket")]
    [InlineData("/not-socket-io/", "h2c")]
    public async Task Row_15_reset_right_after_an_upgrade_request_harms_nothing(string pathAndQuery, string upgrade)
    {
        if (pathAndQuery.Contains("SID", StringComparison.Ordinal))
        {
            pathAndQuery = pathAndQuery.Replace("SID", await Server.HandshakeAsync(), StringComparison.Ordinal);
        }

        using var attacker = await RawTcpConnection.ConnectAsync(Server.BaseUri);
        var extra = upgrade == "h2c" ? "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n" : null;

        await attacker.SendAsync(RawTcpConnection.UpgradeRequest(Server.BaseUri, pathAndQuery, upgrade, extra));
        attacker.Reset();

        await AssertNoHarmAsync();
    }

    [Theory]
    [InlineData("/not-socket-io/", "websocket")]
    [InlineData("/not-socket-io/", "h2c")]
    [InlineData("/engine.io/?EIO=4&transport=websocket", "h2c")]
    public async Task Row_15_upgrade_the_server_does_not_serve_is_refused_and_then_reset_harmlessly(string pathAndQuery, string upgrade)
    {
        using var attacker = await RawTcpConnection.ConnectAsync(Server.BaseUri);

        await attacker.SendAsync(RawTcpConnection.UpgradeRequest(Server.BaseUri, pathAndQuery, upgrade));

        var (status, _) = await attacker.ReadResponseHeadAsync();
        status.Should().BeOneOf(400, 404);
        attacker.Reset();
        await AssertNoHarmAsync();
    }

    [Fact]
    public async Task Row_15_reset_in_the_middle_of_an_upgraded_session_closes_it_as_transport_close()
    {
        using var attacker = await RawEngineWebSocket.OpenAsync(Server.BaseUri);

        await attacker.Connection.SendAsync(Encoding.ASCII.GetBytes("\x81"));
        attacker.Connection.Reset();

        (await Server.Handler.ClosedAsync(attacker.Sid)).Should().Be(EngineCloseReason.TransportClose);
        await AssertNoHarmAsync();
    }

    /// <summary>The WebSocket layer answers a frame it cannot parse with close 1002, or drops the connection.</summary>
    private static void AssertProtocolErrorOrDropped(WebSocketCloseStatus? status) =>
        new WebSocketCloseStatus?[] { WebSocketCloseStatus.ProtocolError, null }.Should().Contain(status);

    private async Task AssertNoHarmAsync()
    {
        await Witness.AssertAliveAsync();
        await Witness.SendAsync("4alive");
        (await Witness.ReceiveAsync()).Should().Be("4alive");
        _unobserved.Collect().Should().BeEmpty();
    }
}
