using System.Text;
using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server.Adapters.Cluster;
using SocketIo.Server.Tests.Support;
using static SocketIo.Adapter.Redis.Tests.Wire.ClassicCodecFixture;

namespace SocketIo.Adapter.Redis.Tests.Fuzzing.Support;

/// <summary>
/// Seeds for the two Redis wire codecs: what each encodes for every sample message (JSON and MessagePack), the
/// legacy classic requests only Node sends, and the shapes the hostile-input tests reject.
/// </summary>
internal static class WireCorpus
{
    public const string NodeUid = "AbC123";

    /// <summary>The classic channels of namespace <c>/</c>; a classic input's first byte picks one (modulo their count).</summary>
    public static IReadOnlyList<string> ClassicChannels { get; } =
        ["socket.io#/#", "socket.io#/#lobby#", "socket.io-request#/#", "socket.io-response#/#", $"socket.io-response#/#{NodeUid}#"];

    /// <summary>Classic inputs: a channel byte, then the payload.</summary>
    public static IReadOnlyList<byte[]> Classic { get; } = BuildClassic();

    /// <summary>Sharded payloads.</summary>
    public static IReadOnlyList<byte[]> Sharded { get; } = BuildSharded();

    /// <summary>JSON and MessagePack tokens together: both encodings arrive on the same channels.</summary>
    public static FuzzFormat Format { get; } = new()
    {
        Tokens =
        [
            .. FuzzFormat.Utf8(
                "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "\"type\":", "\"data\":", "\"uid\":", "\"nsp\":",
                "\"requestId\":", "\"opts\":", "\"rooms\":", "\"except\":", "\"flags\":", "\"packet\":", "\"sockets\":",
                "\"clientCount\":", "\"close\":", "\"timeout\":", "\"sid\":", "\"room\":", "\"\\ud800\"", "{\"\\udc00\":1}",
                "1e400", "-1", "1.5", "\"__proto__\""),
            .. MessagePackCorpus.Format.Tokens,
        ],
        Numbers = ["2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14"],
        NestOpen = "["u8.ToArray(),
        NestClose = "]"u8.ToArray(),
    };

    private static List<byte[]> BuildClassic()
    {
        var codec = Codec();
        var seeds = new List<byte[]>();
        foreach (var message in ClusterMessageSamples.All)
        {
            Add(() => codec.Encode(message));
            Add(() => codec.EncodeResponse(message, NodeUid));
        }

        Add(() => codec.EncodeAllRoomsRequest(NodeUid, "r5"));
        Add(() => codec.EncodeAllRoomsResponse(NodeUid, "r5", ["lobby", "sid1"]));
        Add(() => codec.EncodeSocketsResponse(NodeUid, "r6", ["sid1"]));
        Add(() => codec.EncodeSocketResponse(NodeUid, "r7"));
        foreach (var (channel, json) in new[]
        {
            (2, """{"uid":"u","requestId":"r","type":0,"rooms":["a"]}"""),
            (2, """{"uid":"u","requestId":"r","type":2,"sid":"s","room":"a"}"""),
            (2, """{"uid":"u","requestId":"r","type":4,"sid":"s","close":true}"""),
            (2, """{"type":6,"data":["e",1e400,{"a":[[[]]]}]}"""),
            (3, """{"type":8,"requestId":"r","clientCount":1.5}"""),
            (3, """{"requestId":"r","sockets":[{"id":"s","rooms":"a"}]}"""),
            (4, """{"requestId":"r","rooms":[[]]}"""),
        })
        {
            seeds.Add([(byte)channel, .. Encoding.UTF8.GetBytes(json)]);
        }

        return seeds;

        void Add(Func<ClassicOutbound> encode)
        {
            ClassicOutbound outbound;
            try
            {
                outbound = encode();
            }
            catch (ArgumentException)
            {
                return; // not a message this direction carries
            }

            var channel = ClassicChannels.ToList().IndexOf(outbound.Channel);
            seeds.Add([(byte)(channel < 0 ? 0 : channel), .. outbound.Payload.Span]);
        }
    }

    private static List<byte[]> BuildSharded()
    {
        var codec = new ShardedMessageCodec(Wire.ClassicCodecFixture.MessagePack, Json);
        var seeds = ClusterMessageSamples.All.Select(codec.Encode).ToList();
        seeds.AddRange(FuzzFormat.Utf8(
            """{"type":3,"data":{"packet":{"type":2,"data":["e"]},"opts":{"rooms":[1,"a"],"flags":{"volatile":true}}},"uid":"u","nsp":"/"}""",
            """{"type":8,"data":{"requestId":"r","sockets":[{"id":"s","handshake":{},"rooms":[],"data":{}}]},"uid":"u","nsp":"/"}""",
            """{"type":11,"data":{"requestId":"r","clientCount":-1},"uid":"u","nsp":"/"}""",
            """{"type":1.5,"uid":"u","nsp":"/"}"""));
        return seeds;
    }
}
