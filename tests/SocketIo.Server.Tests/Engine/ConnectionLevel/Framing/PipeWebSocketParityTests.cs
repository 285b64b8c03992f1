using System.Net.WebSockets;
using System.Text;

using SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

namespace SocketIo.Server.Tests.Engine.ConnectionLevel.Framing;

/// <summary>
/// Our framing checked against the runtime's own server WebSocket: the same random client byte streams (messages
/// cut into fragments, pings and pongs between them, masks, bytes arriving in random pieces, then a close frame,
/// a protocol violation or the end of the connection) must give the same messages, the same end, and the same
/// frames back. <c>WS_PARITY_SEED</c> replays a seed, <c>WS_PARITY_CASES</c> runs more cases.
/// </summary>
public class PipeWebSocketParityTests
{
    private static readonly int[] CloseCodes = [999, 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015, 1016, 2000, 2999, 3000, 4999, 5000];

    [Fact]
    public async Task Random_client_streams_get_what_the_runtime_websocket_gives()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("WS_PARITY_SEED"), out var s) ? s : 0x5EED0006;
        var cases = int.TryParse(Environment.GetEnvironmentVariable("WS_PARITY_CASES"), out var c) ? c : 400;
        var random = new Random(seed);
        var differences = new List<string>();
        for (var i = 0; i < cases; i++)
        {
            var bytes = RandomStream(random);
            var piece = random.Next(4) == 0 ? 1 : random.Next(1, 64);
            var chunk = random.Next(1, 48);

            var ours = await TranscriptAsync(new PipeWebSocketHarness(), bytes, piece, chunk);
            var runtime = await TranscriptAsync(new PipeWebSocketHarness(runtimeWebSocket: true), bytes, piece, chunk);

            if (ours != runtime)
            {
                differences.Add($"case {i} of seed {seed}, pieces of {piece}, receives of {chunk}: {Convert.ToHexString(bytes)}\n  ours:    {ours}\n  runtime: {runtime}");
            }
        }

        differences.Should().BeEmpty();
    }

    private static async Task<string> TranscriptAsync(PipeWebSocketHarness harness, byte[] bytes, int piece, int chunk)
    {
        var text = new StringBuilder();
        var sending = Task.Run(async () =>
        {
            await harness.SendAsync(bytes, piece);
            await harness.EndAsync();
        });
        var buffer = new byte[chunk];
        var message = new List<byte>();
        try
        {
            while (true)
            {
                // As the transport does: wait for a message with a zero-byte receive, then read it.
                if (message.Count == 0)
                {
                    var first = await harness.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                    if (first.MessageType == WebSocketMessageType.Close)
                    {
                        text.Append($"close {(int?)harness.Socket.CloseStatus} '{harness.Socket.CloseStatusDescription}';");
                        break;
                    }

                    if (first.EndOfMessage)
                    {
                        text.Append($"{first.MessageType} [];");
                        continue;
                    }
                }

                var result = await harness.Socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    text.Append($"close {(int?)harness.Socket.CloseStatus} '{harness.Socket.CloseStatusDescription}';");
                    break;
                }

                message.AddRange(buffer.AsSpan(0, result.Count));
                if (result.EndOfMessage)
                {
                    text.Append($"{result.MessageType} [{Convert.ToHexString(message.ToArray())}];");
                    message.Clear();
                }
            }
        }
        catch (WebSocketException)
        {
            text.Append("failed;");
        }

        await sending;
        // Which closed state a failed socket ends in differs between the two and means the same: no more frames.
        text.Append(harness.Socket.State is WebSocketState.Open or WebSocketState.CloseReceived ? " sends;" : " done;");
        harness.Socket.Abort();
        await harness.EndServerOutputAsync();
        foreach (var frame in await harness.ReadAllServerFramesAsync())
        {
            // A close frame's reason is the implementation's own words; its status is the protocol's.
            var payload = frame.Opcode == WebSocketOpcode.Close ? frame.Payload.AsSpan(0, Math.Min(2, frame.Payload.Length)).ToArray() : frame.Payload;
            text.Append($" sent {frame.Opcode} [{Convert.ToHexString(payload)}]");
        }

        return text.ToString();
    }

    private static byte[] RandomStream(Random random)
    {
        var bytes = new List<byte>();
        for (int i = 0, n = random.Next(0, 5); i < n; i++)
        {
            switch (random.Next(10))
            {
                case < 7:
                    bytes.AddRange(RandomMessage(random));
                    break;
                case < 9:
                    bytes.AddRange(ClientFrame.Build(WebSocketOpcode.Ping, RandomBytes(random, random.Next(0, 20)), key: RandomKey(random)));
                    break;
                default:
                    bytes.AddRange(ClientFrame.Build(WebSocketOpcode.Pong, RandomBytes(random, random.Next(0, 20)), key: RandomKey(random)));
                    break;
            }
        }

        switch (random.Next(10))
        {
            case < 3:
                bytes.AddRange(RandomClose(random));
                break;
            case < 6:
                bytes.AddRange(RandomViolation(random));
                break;
            case < 8:
                // The connection ends inside a frame.
                var frame = RandomMessage(random);
                bytes.AddRange(frame.AsSpan(0, random.Next(1, frame.Length)).ToArray());
                break;
        }

        return bytes.ToArray();
    }

    private static byte[] RandomMessage(Random random)
    {
        var text = random.Next(2) == 0;
        var payload = text ? Encoding.UTF8.GetBytes(RandomText(random)) : RandomBytes(random, random.Next(0, 300));
        var frames = new List<byte>();
        var cuts = Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(0, payload.Length + 1)).Order().ToArray();
        var start = 0;
        for (var i = 0; i <= cuts.Length; i++)
        {
            var end = i < cuts.Length ? cuts[i] : payload.Length;
            var opcode = i == 0 ? (text ? WebSocketOpcode.Text : WebSocketOpcode.Binary) : WebSocketOpcode.Continuation;
            frames.AddRange(ClientFrame.Build((byte)opcode, payload.AsSpan(start, end - start), fin: i == cuts.Length, key: RandomKey(random)));
            if (i < cuts.Length && random.Next(5) == 0)
            {
                frames.AddRange(ClientFrame.Build(WebSocketOpcode.Ping, RandomBytes(random, random.Next(0, 10)), key: RandomKey(random)));
            }

            start = end;
        }

        return frames.ToArray();
    }

    private static byte[] RandomClose(Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                return ClientFrame.Build(WebSocketOpcode.Close, []);
            case 1:
                return ClientFrame.Build(WebSocketOpcode.Close, [0x03]);
            case 2:
                var code = CloseCodes[random.Next(CloseCodes.Length)];
                return ClientFrame.Build(WebSocketOpcode.Close, [(byte)(code >> 8), (byte)code, 0x61, 0xFF]);
            default:
                code = CloseCodes[random.Next(CloseCodes.Length)];
                return ClientFrame.Build(WebSocketOpcode.Close, [(byte)(code >> 8), (byte)code, .. "bye"u8]);
        }
    }

    private static byte[] RandomViolation(Random random) => random.Next(9) switch
    {
        0 => ClientFrame.Build(WebSocketOpcode.Text, "a"u8, rsv: (byte)(0x10 << random.Next(3))),
        1 => ClientFrame.Build(WebSocketOpcode.Binary, "a"u8, masked: false),
        2 => ClientFrame.Build((byte)(random.Next(2) == 0 ? 0x3 : 0xB), "a"u8),
        3 => ClientFrame.Build(WebSocketOpcode.Continuation, "a"u8),
        4 => ClientFrame.Build(WebSocketOpcode.Ping, "a"u8, fin: false),
        5 => ClientFrame.Build(WebSocketOpcode.Ping, new byte[126]),
        6 => ClientFrame.Build(WebSocketOpcode.Text, [0x61, (byte)random.Next(0x80, 0x100), 0x62]),
        7 => ClientFrame.Build(WebSocketOpcode.Text, [0x61, 0xE2, 0x82, 0x62]),
        _ => [.. ClientFrame.Build(WebSocketOpcode.Text, "a"u8, fin: false), .. ClientFrame.Build(WebSocketOpcode.Text, "b"u8)],
    };

    private static string RandomText(Random random)
    {
        string[] pieces = ["a", "hello ", "é", "ö", "✓", "€", "𝄞", "😀", "\u0000", "\u07FF", "\uFFFD", "z"];
        var text = new StringBuilder();
        for (int i = 0, n = random.Next(0, 40); i < n; i++)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }

        return text.ToString();
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] RandomKey(Random random) => RandomBytes(random, 4);
}
