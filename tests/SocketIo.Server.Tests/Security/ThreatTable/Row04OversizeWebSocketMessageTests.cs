using System.Net.WebSockets;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;
using SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 4 (CVE-2016-10542): WebSocket messages over <c>maxHttpBufferSize</c> (default 1e6) close with 1009. The
/// server reads into one buffer that never grows past the limit, so a length announced in a frame header is never
/// allocated.
/// </summary>
public class Row04OversizeWebSocketMessageTests : EngineThreatTests
{
    private const int Limit = 1_000_000;

    [Fact]
    public async Task Row_04_one_frame_over_1e6_bytes_closes_with_1009()
    {
        var (socket, sid) = await OpenAsync();
        var message = new byte[Limit + 1];
        message.AsSpan().Fill((byte)'x');
        message[0] = (byte)'4';

        await SendIgnoringCloseAsync(socket, message, endOfMessage: true);

        (await socket.WaitForCloseAsync()).Should().Be(WebSocketCloseStatus.MessageTooBig);
        (await Server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        Server.Handler.Messages.Should().NotContain(m => m.Sid == sid);
        await Witness.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_04_1e6_plus_one_bytes_over_1000_fragments_closes_with_1009()
    {
        var (socket, sid) = await OpenAsync();
        var fragment = new byte[1000];
        fragment.AsSpan().Fill((byte)'x');
        fragment[0] = (byte)'4';

        for (var i = 0; i < 999; i++)
        {
            await SendIgnoringCloseAsync(socket, fragment, endOfMessage: false);
            fragment[0] = (byte)'x';
        }

        // 999,000 bytes so far; the last fragment brings 1,001 more: one byte over.
        await SendIgnoringCloseAsync(socket, new byte[1001].Select(_ => (byte)'x').ToArray(), endOfMessage: true);

        (await socket.WaitForCloseAsync()).Should().Be(WebSocketCloseStatus.MessageTooBig);
        (await Server.Handler.ClosedAsync(sid)).Should().Be(EngineCloseReason.TransportError);
        await Witness.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_04_header_announcing_2_pow_63_minus_1_bytes_closes_with_1009_once_the_limit_is_crossed()
    {
        using var attacker = await RawEngineWebSocket.OpenAsync(Server.BaseUri);
        var closed = attacker.Frames.ReadUntilCloseAsync();

        // Header: text, FIN, length long.MaxValue; then bytes up to one past the limit, far short of the claim.
        await attacker.SendFrameAsync(WebSocketFrames.Client(WebSocketOpcode.Text, "4"u8, declaredLength: long.MaxValue));
        var chunk = new byte[64 * 1024];
        chunk.AsSpan().Fill((byte)'x');
        try
        {
            for (var sent = 1; sent <= Limit; sent += chunk.Length)
            {
                await attacker.Connection.SendAsync(chunk);
            }
        }
        catch (IOException)
        {
            // The server may close before the last chunk.
        }

        (await closed).Should().Be(WebSocketCloseStatus.MessageTooBig);
        (await Server.Handler.ClosedAsync(attacker.Sid)).Should().Be(EngineCloseReason.TransportError);
        await Witness.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_04_header_announcing_2_pow_63_minus_1_bytes_then_silence_costs_nothing_and_ends_at_the_ping_timeout()
    {
        await using var server = await EngineTestServer.StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(100);
            o.PingTimeout = TimeSpan.FromMilliseconds(1000);
        });
        await using var witness = await PingPongWitness.OpenAsync(server.BaseUri, "/engine.io/");
        using var attacker = await RawEngineWebSocket.OpenAsync(server.BaseUri);

        // The frame never completes, so no pong can follow: the heartbeat ends the session, nothing else waits.
        await attacker.SendFrameAsync(WebSocketFrames.Client(WebSocketOpcode.Text, "4"u8, declaredLength: long.MaxValue));

        (await server.Handler.ClosedAsync(attacker.Sid)).Should().Be(EngineCloseReason.PingTimeout);
        await witness.AssertAliveAsync();
    }

    private async Task<(ClientWebSocket Socket, string Sid)> OpenAsync()
    {
        var socket = await Server.ConnectWebSocketAsync("EIO=4&transport=websocket");
        var open = await socket.ReceiveTextAsync();
        return (socket, open.Substring(9, 20));
    }

    private static async Task SendIgnoringCloseAsync(ClientWebSocket socket, byte[] data, bool endOfMessage)
    {
        try
        {
            await socket.SendAsync(data, WebSocketMessageType.Text, endOfMessage, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // The server already closed: what the test asserts next.
        }
    }
}
