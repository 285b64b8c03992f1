using System.Buffers;
using System.Text;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server.Tests.Security.ThreatTable.Support;
using Xunit.Abstractions;
using SocketIo.Adapter.Redis.Tests.Wire;
using static SocketIo.Adapter.Redis.Tests.Wire.ClassicCodecFixture;

namespace SocketIo.Adapter.Redis.Tests.Security;

/// <summary>
/// §6 row 16 for the adapter's decoders (what arrives from Redis: RESP frames, then MessagePack or JSON cluster
/// messages), with the server tests' fuzzer: each input decoded or refused with the documented exception (the
/// message codecs never throw: they drop), in under 10 ms and 16 × its length (+64 KB) of allocations; 48 × for
/// JSON messages, for which <see cref="System.Text.Json.JsonDocument"/> reserves 12 bytes of metadata per input byte
/// (counted when its pool has to grow) before the tree is copied out.
/// <c>SOCKETIO_FUZZ_ITERATIONS</c> runs longer.
/// </summary>
public class RedisDecoderFuzzTests(ITestOutputHelper output)
{
    private const int DefaultIterations = 5_000;
    private const int JsonAllocationFactor = 48;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(10);
    private static readonly string[] Channels = ["socket.io#/#", "socket.io#/#room#", "socket.io-request#/#", "socket.io-response#/#", "socket.io-response#/#xY#"];

    private static readonly byte[][] MessageCorpus = BuildMessageCorpus();

    private static readonly byte[][] RespCorpus = new[]
    {
        "+OK\r\n", "-ERR unknown\r\n", ":12\r\n", "$5\r\nhello\r\n", "$-1\r\n", "*-1\r\n", "_\r\n", ",1.5\r\n", "#t\r\n", "(123456789012345678901234567890\r\n",
        "*3\r\n$7\r\nmessage\r\n$12\r\nsocket.io#/#\r\n$3\r\nabc\r\n",
        "*4\r\n$8\r\npmessage\r\n$13\r\nsocket.io#/*#\r\n$12\r\nsocket.io#/#\r\n$1\r\nx\r\n",
        ">3\r\n$8\r\nsmessage\r\n$12\r\nsocket.io#/#\r\n$2\r\nab\r\n", "%1\r\n+a\r\n:1\r\n", "~2\r\n+a\r\n+b\r\n", "|1\r\n+k\r\n+v\r\n+OK\r\n", "=15\r\ntxt:Some string\r\n",
    }.Select(Encoding.ASCII.GetBytes).ToArray();

    [Fact]
    public void Row_16_messagepack_decodes_or_throws_only_its_format_exception()
    {
        var report = new DecoderFuzzer(MessageCorpus).Run(
            DecoderFuzzer.Iterations(DefaultIterations),
            input => NotepackDecoder.Decode(input),
            isDocumented: ex => ex is MessagePackFormatException,
            TimeLimit,
            allocationFactor: 16);

        output.WriteLine("MessagePack: " + report);
    }

    [Fact]
    public void Row_16_resp_frames_read_or_throw_only_the_protocol_exception()
    {
        var report = new DecoderFuzzer(RespCorpus).Run(
            DecoderFuzzer.Iterations(DefaultIterations),
            input =>
            {
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input));
                while (RespReader.TryRead(ref reader, out _))
                {
                }
            },
            isDocumented: ex => ex is RespProtocolException,
            TimeLimit,
            allocationFactor: 16);

        output.WriteLine("RESP: " + report);
    }

    [Fact]
    public void Row_16_classic_cluster_messages_decode_or_are_dropped_without_throwing()
    {
        var codec = Codec();
        var channel = 0;

        var report = new DecoderFuzzer(MessageCorpus).Run(
            DecoderFuzzer.Iterations(DefaultIterations),
            input => codec.Decode(Channels[channel++ % Channels.Length], input),
            isDocumented: _ => false,
            TimeLimit,
            allocationFactor: JsonAllocationFactor);

        output.WriteLine("Classic messages: " + report);
    }

    [Fact]
    public void Row_16_sharded_cluster_messages_decode_or_are_dropped_without_throwing()
    {
        var codec = new ShardedMessageCodec(ClassicCodecFixture.MessagePack, Json);

        var report = new DecoderFuzzer(MessageCorpus).Run(
            DecoderFuzzer.Iterations(DefaultIterations),
            input => codec.Decode(input, out _),
            isDocumented: _ => false,
            TimeLimit,
            allocationFactor: JsonAllocationFactor);

        output.WriteLine("Sharded messages: " + report);
    }

    private static byte[][] BuildMessageCorpus()
    {
        var packet = new Dictionary<string, object?>
        {
            ["type"] = 2,
            ["data"] = new object?[] { "ev", 1, "x", new byte[] { 1, 2, 3 }, new Dictionary<string, object?> { ["k"] = new object?[] { true, null, 1.5 } } },
            ["nsp"] = "/",
        };
        var options = new Dictionary<string, object?> { ["rooms"] = new[] { "a" }, ["except"] = Array.Empty<string>(), ["flags"] = new Dictionary<string, object?> { ["volatile"] = true } };
        var values = new object?[]
        {
            new object?[] { "uid123", packet, options },
            new Dictionary<string, object?> { ["uid"] = "uid123", ["type"] = 7, ["requestId"] = "r1", ["packet"] = packet, ["opts"] = options },
            new Dictionary<string, object?> { ["type"] = 6, ["data"] = new object?[] { "hello", new byte[] { 9 } }, ["uid"] = "u", ["nsp"] = "/" },
        };
        var msgpack = values.Select(v =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            ClassicCodecFixture.MessagePack.Encode(buffer, v);
            return buffer.WrittenSpan.ToArray();
        });
        var json = new[]
        {
            """{"uid":"u","type":0,"requestId":"r","opts":{"rooms":["a"],"except":[]}}""",
            """{"type":6,"data":["e",1,{"a":[true,null]}],"uid":"u","nsp":"/"}""",
            """{"type":8,"requestId":"r","clientCount":1}""",
            """{"requestId":"r","sockets":[{"id":"s","handshake":{},"rooms":["s"],"data":{}}]}""",
        }.Select(Encoding.UTF8.GetBytes);
        return [.. msgpack, .. json];
    }
}
