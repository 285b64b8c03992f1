using System.Net;
using System.Net.WebSockets;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Engine;

/// <summary><see cref="EngineOptions.MaxConnectionsPerIp"/>: open sessions per client address.</summary>
public class ConnectionsPerIpTests
{
    private const string Handshake = "EIO=4&transport=polling";

    [Fact]
    public async Task Handshake_past_the_cap_gets_403_code_4_on_polling_and_400_on_websocket()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxConnectionsPerIp = 2);
        await server.HandshakeAsync();
        await server.HandshakeAsync();

        var refused = await server.Http.GetAsync(EngineTestServer.Url(Handshake));
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Be("{\"code\":4,\"message\":\"Too many connections\"}");

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var connect = () => socket.ConnectAsync(new UriBuilder(server.BaseUri) { Scheme = "ws", Path = "/engine.io/", Query = "EIO=4&transport=websocket" }.Uri, CancellationToken.None);
        await connect.Should().ThrowAsync<WebSocketException>();
        socket.HttpStatusCode.Should().Be(HttpStatusCode.BadRequest);
        server.Handler.Connections.Should().HaveCount(2);
    }

    [Fact]
    public async Task Requests_of_open_sessions_are_not_counted_as_new_connections()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxConnectionsPerIp = 1);
        var sid = await server.HandshakeAsync();

        (await server.PostAsync(sid, "4hello")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await server.PollAsync(sid)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var upgrade = await server.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");
        await upgrade.SendTextAsync("2probe");
        (await upgrade.ReceiveTextAsync()).Should().Be("3probe");
    }

    [Fact]
    public async Task A_closed_session_releases_its_count_exactly_once()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxConnectionsPerIp = 2);
        var first = await server.HandshakeAsync();
        await server.HandshakeAsync();

        await server.PostAsync(first, "1");
        await server.Handler.ClosedAsync(first);

        // One slot came back: one handshake passes, the next does not (a double release would let it through).
        await server.HandshakeAsync();
        (await server.Http.GetAsync(EngineTestServer.Url(Handshake))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_websocket_session_releases_its_count_when_the_client_goes_away()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxConnectionsPerIp = 1);
        var socket = await server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        await socket.ReceiveTextAsync();
        var sid = server.Handler.Connections.Keys.Single();

        socket.Abort();
        socket.Dispose();
        await server.Handler.ClosedAsync(sid);

        using var again = await server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        (await again.ReceiveTextAsync()).Should().StartWith("0{");
    }

    [Fact]
    public async Task Null_means_no_limit()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxConnectionsPerIp = null);
        for (var i = 0; i < 5; i++)
        {
            await server.HandshakeAsync();
        }

        server.Handler.Connections.Should().HaveCount(5);
    }
}
