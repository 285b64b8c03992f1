using System.Net.WebSockets;
using SocketIo.Server.Engine;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using SocketIo.Server.Tests.Support;
using SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 5 (CVE-2026-48779, CVE-2026-62389): a text frame with FIN=0 followed by a flood of tiny or empty
/// continuation frames that never ends the message. Every frame counts, empty ones too, against
/// <c>MaxWebSocketFragments</c> (default 1,024); past it the socket closes with 1009. A message's bytes go to one
/// buffer bounded by <c>MaxHttpBufferSize</c>, so a connection holds at most that much whatever the flood.
/// </summary>
public class Row05FragmentFloodTests : EngineThreatTests
{

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public async Task Row_05_fin_0_then_200000_continuations_never_fin_closes_with_1009_at_the_fragment_cap(int continuationBytes)
    {
        using var attacker = await RawEngineWebSocket.OpenAsync(Server.BaseUri);
        var closed = attacker.Frames.ReadUntilCloseAsync(TimeSpan.FromSeconds(30));

        await FloodAsync(attacker, continuationBytes, continuations: 200_000);

        (await closed).Should().Be(WebSocketCloseStatus.MessageTooBig);
        (await Server.Handler.ClosedAsync(attacker.Sid)).Should().Be(EngineCloseReason.TransportError);
        Server.Handler.Messages.Should().NotContain(m => m.Sid == attacker.Sid);
        await Witness.AssertAliveAsync();
    }

    [Fact]
    public async Task Row_05_fifty_flooding_connections_at_once_are_each_closed_with_1009()
    {
        var attacks = Enumerable.Range(0, 50).Select(async i =>
        {
            using var attacker = await RawEngineWebSocket.OpenAsync(Server.BaseUri);
            var closed = attacker.Frames.ReadUntilCloseAsync(TimeSpan.FromSeconds(30));
            await FloodAsync(attacker, continuationBytes: i % 2, continuations: 5_000);
            return (await closed, await Server.Handler.ClosedAsync(attacker.Sid));
        });

        var outcomes = await Task.WhenAll(attacks);
        outcomes.Should().AllSatisfy(o =>
        {
            o.Item1.Should().Be(WebSocketCloseStatus.MessageTooBig);
            o.Item2.Should().Be(EngineCloseReason.TransportError);
        });
        await Witness.AssertAliveAsync();
    }

    /// <summary>Writes the whole flood in a few large writes; stops quietly once the server has hung up.</summary>
    private static async Task FloodAsync(RawEngineWebSocket attacker, int continuationBytes, int continuations)
    {
        await attacker.SendFrameAsync(WebSocketFrames.Client(WebSocketOpcode.Text, "4"u8, fin: false));
        var frame = WebSocketFrames.Client(WebSocketOpcode.Continuation, "x"u8[..continuationBytes], fin: false);
        const int FramesPerWrite = 4096;
        var batch = new byte[frame.Length * FramesPerWrite];
        for (var i = 0; i < FramesPerWrite; i++)
        {
            frame.CopyTo(batch, i * frame.Length);
        }

        try
        {
            for (var sent = 0; sent < continuations; sent += FramesPerWrite)
            {
                var count = Math.Min(FramesPerWrite, continuations - sent);
                await attacker.Connection.SendAsync(batch.AsMemory(0, count * frame.Length));
            }
        }
        catch (IOException)
        {
            // Closed at the cap, long before the flood ended.
        }
    }
}
