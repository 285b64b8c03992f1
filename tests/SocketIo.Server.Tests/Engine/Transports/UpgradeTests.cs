using System.Net;
using System.Net.WebSockets;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Engine.Transports;

public class UpgradeTests
{
    [Fact]
    public async Task Upgrade_releases_the_pending_poll_with_noop_and_continues_on_websocket()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.HandshakeAsync();
        var poll = server.PollAsync(sid);
        using var socket = await server.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");

        await socket.SendTextAsync("2probe");
        (await socket.ReceiveTextAsync()).Should().Be("3probe");
        (await (await poll).Content.ReadAsStringAsync()).Should().Be("6");

        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4hello");
        (await socket.ReceiveTextAsync()).Should().Be("4hello");
        server.Handler.Connections[sid].TransportName.Should().Be("websocket");

        (await server.PollAsync(sid)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Packets_sent_during_the_upgrade_are_neither_lost_nor_reordered()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.HandshakeAsync();
        var connection = server.Handler.Connections[sid];
        using var socket = await server.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");
        await socket.SendTextAsync("2probe");
        (await socket.ReceiveTextAsync()).Should().Be("3probe");

        connection.Send(EngineMessage.Text("a"));
        connection.Send(EngineMessage.Text("b"));
        var polled = await (await server.PollAsync(sid)).Content.ReadAsStringAsync();
        connection.Send(EngineMessage.Text("c"));
        await socket.SendTextAsync("5");
        connection.Send(EngineMessage.Text("d"));

        var received = polled.Split('\u001e').ToList();
        while (received.Count < 4)
        {
            received.Add(await socket.ReceiveTextAsync());
        }

        received.Should().Equal("4a", "4b", "4c", "4d");
    }

    [Fact]
    public async Task A_second_websocket_for_an_upgraded_session_is_closed()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.HandshakeAsync();
        using var socket = await server.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");
        await socket.SendTextAsync("2probe");
        await socket.ReceiveTextAsync();
        await socket.SendTextAsync("5");

        using var intruder = await server.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");

        await intruder.WaitForCloseAsync();
        await socket.SendTextAsync("4still-here");
        (await socket.ReceiveTextAsync()).Should().Be("4still-here");
    }

    [Fact]
    public async Task A_second_probe_while_one_is_under_way_is_closed()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.HandshakeAsync();
        using var first = await server.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");
        await first.SendTextAsync("2probe");
        await first.ReceiveTextAsync();

        using var second = await server.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");

        await second.WaitForCloseAsync();
    }

    [Fact]
    public async Task An_unexpected_packet_on_the_probe_drops_the_probe_but_not_the_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        var sid = await server.HandshakeAsync();
        using var socket = await server.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");

        await socket.SendTextAsync("4too-early");

        await socket.WaitForCloseAsync();
        await server.PostAsync(sid, "4polling");
        (await (await server.PollAsync(sid)).Content.ReadAsStringAsync()).Should().Be("4polling");
        server.Handler.Messages.Select(m => m.Data).Should().ContainSingle();
    }

    [Fact]
    public async Task The_probe_is_dropped_after_upgradeTimeout_and_polling_goes_on()
    {
        var time = new ManualTimeProvider();
        await using var server = await EngineTestServer.StartAsync(o => o.UpgradeTimeout = TimeSpan.FromSeconds(10), time);
        var sid = await server.HandshakeAsync();
        using var socket = await server.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");
        await socket.SendTextAsync("2probe");
        (await socket.ReceiveTextAsync()).Should().Be("3probe");

        time.Advance(TimeSpan.FromSeconds(10));

        await socket.WaitForCloseAsync();
        server.Handler.Connections[sid].TransportName.Should().Be("polling");
        await server.PostAsync(sid, "4ok");
        (await (await server.PollAsync(sid)).Content.ReadAsStringAsync()).Should().Be("4ok");
    }

    [Fact]
    public async Task Upgrades_are_refused_when_disallowed()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.AllowUpgrades = false);
        (await server.Http.GetStringAsync(EngineTestServer.Url("EIO=4&transport=polling"))).Should().Contain("\"upgrades\":[]");
        var sid = await server.HandshakeAsync();

        using var socket = await server.ConnectWebSocketAsync($"EIO=4&transport=websocket&sid={sid}");

        await socket.WaitForCloseAsync();
        server.Handler.Connections[sid].TransportName.Should().Be("polling");
    }
}
