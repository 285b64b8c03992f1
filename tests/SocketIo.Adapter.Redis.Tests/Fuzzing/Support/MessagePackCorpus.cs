using SocketIo.Adapter.Redis.Tests.MessagePack.Support;
using SocketIo.Server.Tests.Support;
using SocketIo.Adapter.Redis.Tests.Wire;

namespace SocketIo.Adapter.Redis.Tests.Fuzzing.Support;

/// <summary>
/// MessagePack seeds: every notepack golden vector (as the codec writes it), the decoder-parity cases (formats notepack
/// never writes, legacy extensions, odd keys, invalid UTF-8, malformed input), and each sample cluster message.
/// </summary>
internal static class MessagePackCorpus
{
    public static IReadOnlyList<byte[]> Values { get; } = Build();

    /// <summary>Every format byte with its length fields at their limits, and the legacy extensions.</summary>
    public static FuzzFormat Format { get; } = new()
    {
        Tokens =
        [
            [0xc0], [0xc1], [0xc2], [0xc3], [0x90], [0x80], [0xa0], [0x91], [0x81, 0xa1, 0x61], [0xdc, 0xff, 0xff], [0xdd, 0xff, 0xff, 0xff, 0xff],
            [0xde, 0xff, 0xff], [0xdf, 0x7f, 0xff, 0xff, 0xff], [0xd9, 0xff], [0xda, 0xff, 0xff], [0xdb, 0xff, 0xff, 0xff, 0xff], [0xc4, 0xff],
            [0xc5, 0xff, 0xff], [0xc6, 0x80, 0, 0, 0], [0xc7, 0x0c, 0xff], [0xc8, 0xff, 0xff, 0], [0xc9, 0xff, 0xff, 0xff, 0xff, 0xff],
            [0xd4, 0, 0], [0xd6, 0xff], [0xd7, 0xff], [0xd7, 0], [0xd8, 0xff], [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            [0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0], [0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0], [0xca, 0x7f, 0x80, 0, 0], [0xa9, .. "__proto__"u8],
            [0xa4, .. "type"u8], [0xa4, .. "data"u8], [0xa3, .. "nsp"u8], [0xa5, .. "rooms"u8], [0xa9, .. "requestId"u8], [0xa2, 0xed, 0xa0],
            [0xa1, 0x30], [0xaa, .. "4294967295"u8], [0xa3, 0xef, 0xbf, 0xbd],
        ],
        NestOpen = [0x91],
    };

    private static List<byte[]> Build()
    {
        var codec = ClassicCodecFixture.MessagePack;
        var seeds = new List<byte[]>();
        foreach (var forms in NotepackVectors.All.Values)
        {
            seeds.Add(Encode(forms[0]));
        }

        seeds.AddRange(DecoderParityCases.All.Select(Convert.FromHexString));
        foreach (var message in ClusterMessageSamples.All)
        {
            seeds.Add(Encode(SocketIo.Adapter.Redis.Wire.ClusterMessageTree.Build(message, static value => value)));
        }

        return seeds;

        byte[] Encode(object? value)
        {
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            codec.Encode(output, value);
            return output.WrittenSpan.ToArray();
        }
    }
}
