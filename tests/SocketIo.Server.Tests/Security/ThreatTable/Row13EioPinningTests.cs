using System.Net;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 13 (CVE-2026-102599): the protocol revision is fixed by the handshake. A later request of the session
/// (polling or the WebSocket upgrade) naming another revision, or none (the reference reads that as v3), gets 400
/// and the session goes on untouched.
/// </summary>
public class Row13EioPinningTests : EngineThreatTests
{

    [Theory]
    [InlineData("")]
    [InlineData("EIO=3&")]
    [InlineData("EIO=5&")]
    [InlineData("EIO=4abc&")]
    [InlineData("EIO=4&EIO=3&")]
    public async Task Row_13_upgrade_of_an_EIO_4_session_with_another_or_no_EIO_gets_400_and_the_session_is_intact(string eio)
    {
        var sid = await Server.HandshakeAsync();
        using var upgrade = await RawTcpConnection.ConnectAsync(Server.BaseUri);

        await upgrade.SendAsync(RawTcpConnection.UpgradeRequest(Server.BaseUri, $"/engine.io/?{eio}transport=websocket&sid={sid}"));

        var (status, _) = await upgrade.ReadResponseHeadAsync();
        status.Should().Be(400);
        (await upgrade.ReadToEndAsync(TimeSpan.FromSeconds(10))).Should().NotBeNull("the refused upgrade is answered and closed");
        await AssertPollingSessionIntactAsync(sid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("EIO=3&")]
    [InlineData("EIO=5&")]
    [InlineData("EIO=4abc&")]
    public async Task Row_13_polling_requests_of_an_EIO_4_session_with_another_or_no_EIO_get_400_code_5_and_the_session_is_intact(string eio)
    {
        var sid = await Server.HandshakeAsync();

        var get = await Server.Http.GetAsync($"/engine.io/?{eio}transport=polling&sid={sid}");
        var post = await Server.Http.PostAsync($"/engine.io/?{eio}transport=polling&sid={sid}", new StringContent("4smuggled"));

        foreach (var response in new[] { get, post })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await response.Content.ReadAsStringAsync()).Should().Be("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        }

        await AssertPollingSessionIntactAsync(sid);
        Server.Handler.Messages.Where(m => m.Sid == sid).Select(m => System.Text.Encoding.UTF8.GetString(m.Data)).Should().NotContain("smuggled");
    }

    [Fact]
    public async Task Row_13_after_the_refusals_a_proper_upgrade_works_and_a_v3_style_ping_on_it_is_a_transport_error()
    {
        var sid = await Server.HandshakeAsync();
        using var refused = await RawTcpConnection.ConnectAsync(Server.BaseUri);
        await refused.SendAsync(RawTcpConnection.UpgradeRequest(Server.BaseUri, $"/engine.io/?transport=websocket&sid={sid}"));
        (await refused.ReadResponseHeadAsync()).Status.Should().Be(400);

        using var socket = await Server.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");
        await socket.SendTextAsync("2probe");
        (await socket.ReceiveTextAsync()).Should().Be("3probe");
        await socket.SendTextAsync("5");

        // A v4 client never pings; "2" is what a v3 client would send.
        await socket.SendTextAsync("2");

        await socket.WaitForCloseAsync();
        (await Server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        await Witness.AssertAliveAsync();
    }

    private async Task AssertPollingSessionIntactAsync(string sid)
    {
        (await Server.PostAsync(sid, "4still here")).StatusCode.Should().Be(HttpStatusCode.OK);
        var poll = await (await Server.PollAsync(sid)).Content.ReadAsStringAsync();
        poll.Split('\u001e').Should().Contain("4still here");
        Server.Handler.ClosedAsync(sid).IsCompleted.Should().BeFalse();
        await Witness.AssertAliveAsync();
    }
}
