using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable.Support;

/// <summary>
/// The Engine.IO cases both official suites run (socketio/socket.io docs/engine.io-protocol/v4-test-suite and
/// docs/socket.io-protocol/v5-test-suite), written anew for any Engine.IO endpoint of a server configured as the
/// suites require: pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1e6 — except the ping timeout, which is 1 s
/// here: 200 ms leaves a loaded CI machine no room to answer a ping in time, and no check depends on its value
/// beyond "the session ends pingInterval + pingTimeout after the last pong".
/// </summary>
internal sealed class EngineIoSuiteChecks(HttpClient http, Uri baseUri, string path)
{
    public const int PingInterval = 300;
    public const int PingTimeout = 1000;

    public string Url(string query) => path + "?" + query;

    public async Task<string> OpenPollingSessionAsync()
    {
        var body = await http.GetStringAsync(Url("EIO=4&transport=polling"));
        return JsonDocument.Parse(body[1..]).RootElement.GetProperty("sid").GetString()!;
    }

    public async Task<ClientWebSocket> ConnectAsync(string query)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(baseUri) { Scheme = "ws", Path = path, Query = query }.Uri, CancellationToken.None);
        return socket;
    }

    public Task<HttpResponseMessage> PollAsync(string sid, string extra = "", CancellationToken cancellationToken = default) =>
        http.GetAsync(Url($"EIO=4&transport=polling&sid={sid}{extra}"), cancellationToken);

    public Task<HttpResponseMessage> PostAsync(string sid, string body) =>
        http.PostAsync(Url($"EIO=4&transport=polling&sid={sid}"), new StringContent(body));

    public async Task PollingHandshakeOpensASessionAsync()
    {
        var response = await http.GetAsync(Url("EIO=4&transport=polling"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        AssertOpenPacket(await response.Content.ReadAsStringAsync(), "[\"websocket\"]");
    }

    public async Task PollingHandshakeWithInvalidEioFailsAsync()
    {
        (await http.GetAsync(Url("transport=polling"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await http.GetAsync(Url("EIO=abc&transport=polling"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    public async Task PollingHandshakeWithInvalidTransportFailsAsync()
    {
        (await http.GetAsync(Url("EIO=4"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await http.GetAsync(Url("EIO=4&transport=abc"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    public async Task PollingHandshakeWithInvalidMethodFailsAsync()
    {
        (await http.PostAsync(Url("EIO=4&transport=polling"), new StringContent(string.Empty))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await http.PutAsync(Url("EIO=4&transport=polling"), new StringContent(string.Empty))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    public async Task WebSocketHandshakeOpensASessionAsync()
    {
        using var socket = await ConnectAsync("EIO=4&transport=websocket");

        AssertOpenPacket(await socket.ReceiveTextAsync(), "[]");
    }

    public async Task WebSocketHandshakeWithInvalidEioFailsAsync()
    {
        await this.Awaiting(c => c.ConnectAsync("transport=websocket")).Should().ThrowAsync<WebSocketException>();
        await this.Awaiting(c => c.ConnectAsync("EIO=abc&transport=websocket")).Should().ThrowAsync<WebSocketException>();
    }

    public async Task WebSocketHandshakeWithInvalidTransportFailsAsync()
    {
        await this.Awaiting(c => c.ConnectAsync("EIO=4")).Should().ThrowAsync<WebSocketException>();
        await this.Awaiting(c => c.ConnectAsync("EIO=4&transport=abc")).Should().ThrowAsync<WebSocketException>();
    }

    public async Task PollingSendsPingsAndTakesPongsAsync()
    {
        var sid = await OpenPollingSessionAsync();
        for (var i = 0; i < 3; i++)
        {
            var poll = await PollAsync(sid);
            poll.StatusCode.Should().Be(HttpStatusCode.OK);
            (await poll.Content.ReadAsStringAsync()).Should().Be("2");
            (await PostAsync(sid, "3")).StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    public async Task PollingSessionClosesOnPingTimeoutAsync()
    {
        var sid = await OpenPollingSessionAsync();

        // Never answering: the held GET gets the ping, the next one the close; then the session is unknown.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while ((await PollAsync(sid)).StatusCode != HttpStatusCode.BadRequest)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the session should end pingInterval + pingTimeout after the handshake");
        }
    }

    public async Task WebSocketSendsPingsAndTakesPongsAsync()
    {
        using var socket = await ConnectAsync("EIO=4&transport=websocket");
        await socket.ReceiveTextAsync();
        for (var i = 0; i < 3; i++)
        {
            (await socket.ReceiveTextAsync()).Should().Be("2");
            await socket.SendTextAsync("3");
        }
    }

    public async Task WebSocketSessionClosesOnPingTimeoutAsync()
    {
        using var socket = await ConnectAsync("EIO=4&transport=websocket");

        (await socket.WaitForCloseAsync().WaitAsync(TimeSpan.FromSeconds(5))).Should().NotBeNull();
    }

    public async Task PollingClientCloseReleasesThePollWithNoopAsync()
    {
        var sid = await OpenPollingSessionAsync();

        var poll = PollAsync(sid);
        var close = PostAsync(sid, "1");
        await Task.WhenAll(poll, close);

        (await poll).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await poll).Content.ReadAsStringAsync()).Should().Be("6");
        (await PollAsync(sid)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    public async Task WebSocketClientCloseClosesAsync()
    {
        using var socket = await ConnectAsync("EIO=4&transport=websocket");
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("1");

        await socket.WaitForCloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>Polling, then probe and upgrade; returns the upgraded socket. With <paramref name="checkNoop"/>, the GET held meanwhile gets a noop.</summary>
    public async Task<(string Sid, ClientWebSocket Socket)> UpgradeAsync(bool checkNoop)
    {
        var sid = await OpenPollingSessionAsync();
        var socket = await ConnectAsync($"EIO=4&transport=websocket&sid={sid}");
        await socket.SendTextAsync("2probe");
        (await socket.ReceiveTextAsync()).Should().Be("3probe");
        if (checkNoop)
        {
            var poll = await PollAsync(sid);
            poll.StatusCode.Should().Be(HttpStatusCode.OK);
            (await poll.Content.ReadAsStringAsync()).Should().Be("6");
        }

        await socket.SendTextAsync("5");
        return (sid, socket);
    }

    public async Task<ClientWebSocket> PollingAfterUpgradeIsRefusedAsync()
    {
        var (sid, socket) = await UpgradeAsync(checkNoop: false);

        (await PollAsync(sid)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        return socket;
    }

    public async Task<ClientWebSocket> SecondWebSocketAfterUpgradeIsClosedAsync()
    {
        var (sid, socket) = await UpgradeAsync(checkNoop: false);

        using var second = await ConnectAsync($"EIO=4&transport=websocket&sid={sid}");
        await second.WaitForCloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
        return socket;
    }

    private static void AssertOpenPacket(string packet, string upgrades)
    {
        packet.Should().StartWith("0");
        var open = JsonDocument.Parse(packet[1..]).RootElement;
        open.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
        open.GetProperty("sid").ValueKind.Should().Be(JsonValueKind.String);
        open.GetProperty("upgrades").GetRawText().Should().Be(upgrades);
        open.GetProperty("pingInterval").GetInt32().Should().Be(PingInterval);
        open.GetProperty("pingTimeout").GetInt32().Should().Be(PingTimeout);
        open.GetProperty("maxPayload").GetInt32().Should().Be(1_000_000);
    }
}
