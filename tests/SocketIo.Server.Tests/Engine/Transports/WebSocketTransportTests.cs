using System.Net.WebSockets;
using System.Text;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Engine.Transports;

public class WebSocketTransportTests : IAsyncLifetime
{
    private EngineTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EngineTestServer.StartAsync(o =>
    {
        o.MaxHttpBufferSize = 1000;
        o.MaxWebSocketFragments = 8;
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(ClientWebSocket Socket, string Sid)> OpenAsync()
    {
        var socket = await _server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        var open = await socket.ReceiveTextAsync();
        open.Should().StartWith("0{\"sid\":\"").And.Contain("\"upgrades\":[]").And.Contain("\"maxPayload\":1000");
        return (socket, open.Substring(9, 20));
    }

    [Fact]
    public async Task Text_and_binary_messages_echo_as_their_own_frame_types()
    {
        var (socket, _) = await OpenAsync();

        await socket.SendTextAsync("4hello €");
        (await socket.ReceiveTextAsync()).Should().Be("4hello €");

        await socket.SendAsync(new byte[] { 1, 2, 3, 4 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var (type, data) = await socket.ReceiveMessageAsync();
        type.Should().Be(WebSocketMessageType.Binary);
        data.Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public async Task A_fragmented_message_within_the_limits_is_assembled()
    {
        var (socket, _) = await OpenAsync();

        await socket.SendAsync("4frag"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        await socket.SendAsync("ment"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);

        (await socket.ReceiveTextAsync()).Should().Be("4fragment");
    }

    [Fact]
    public async Task A_message_exactly_at_maxHttpBufferSize_is_accepted()
    {
        var (socket, _) = await OpenAsync();
        var text = "4" + new string('x', 999);

        await socket.SendTextAsync(text);

        (await socket.ReceiveTextAsync()).Should().Be(text);
    }

    [Fact]
    public async Task A_message_over_maxHttpBufferSize_closes_with_1009()
    {
        var (socket, sid) = await OpenAsync();

        await socket.SendTextAsync("4" + new string('x', 1000));

        (await socket.WaitForCloseAsync()).Should().Be(WebSocketCloseStatus.MessageTooBig);
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        _server.Handler.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task An_oversize_message_is_refused_before_it_is_all_sent()
    {
        var (socket, sid) = await OpenAsync();
        var chunk = new byte[600];
        chunk[0] = (byte)'4';

        await socket.SendAsync(chunk, WebSocketMessageType.Text, false, CancellationToken.None);
        await socket.SendAsync(chunk, WebSocketMessageType.Text, false, CancellationToken.None);

        // The message never ended; the server closed on the size alone.
        (await socket.WaitForCloseAsync()).Should().Be(WebSocketCloseStatus.MessageTooBig);
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
    }

    [Fact]
    public async Task A_flood_of_empty_fragments_closes_with_1009()
    {
        var (socket, sid) = await OpenAsync();

        await socket.SendAsync("4"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        try
        {
            for (var i = 0; i < 100; i++)
            {
                await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, false, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The server may already have closed.
        }

        (await socket.WaitForCloseAsync()).Should().Be(WebSocketCloseStatus.MessageTooBig);
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
    }

    [Fact]
    public async Task An_invalid_packet_closes_with_parse_error()
    {
        var (socket, sid) = await OpenAsync();

        await socket.SendTextAsync("abc");

        await socket.WaitForCloseAsync();
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.ParseError);
    }

    [Fact]
    public async Task A_ping_from_a_v4_client_is_a_heartbeat_direction_error()
    {
        var (socket, sid) = await OpenAsync();

        await socket.SendTextAsync("2");

        await socket.WaitForCloseAsync();
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
    }

    [Fact]
    public async Task Client_closing_the_socket_is_transport_close()
    {
        var (socket, sid) = await OpenAsync();

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportClose);
    }

    [Fact]
    public async Task Server_close_flushes_then_sends_a_close_frame()
    {
        var (socket, sid) = await OpenAsync();
        var connection = _server.Handler.Connections[sid];

        connection.Send(EngineMessage.Text("last"));
        connection.Close();

        (await socket.ReceiveTextAsync()).Should().Be("4last");
        (await socket.WaitForCloseAsync()).Should().Be(WebSocketCloseStatus.NormalClosure);
        (await _server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.ForcedClose);
    }

    [Fact]
    public async Task A_broadcast_message_instance_can_be_sent_to_many_connections()
    {
        var (first, firstSid) = await OpenAsync();
        var (second, secondSid) = await OpenAsync();
        var shared = EngineMessage.Text(Encoding.UTF8.GetString("everyone"u8));

        _server.Handler.Connections[firstSid].Send(shared).Should().BeTrue();
        _server.Handler.Connections[secondSid].Send(shared).Should().BeTrue();

        (await first.ReceiveTextAsync()).Should().Be("4everyone");
        (await second.ReceiveTextAsync()).Should().Be("4everyone");
    }
}
