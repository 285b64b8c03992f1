using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SocketIo.Adapter.Redis.Wire;
using static SocketIo.Adapter.Redis.Tests.Wire.ClassicCodecFixture;

namespace SocketIo.Adapter.Redis.Tests.Wire;

/// <summary>Anything malformed or hostile is dropped with a reason; decoding never throws.</summary>
public sealed class ClassicHostileInputTests
{
    private static readonly string[] Channels = ["socket.io#/#", "socket.io#/#room#", "socket.io-request#/#", "socket.io-response#/#", "socket.io-response#/#xY#"];

    public static TheoryData<string, string> MalformedPayloads => new()
    {
        { "socket.io#/#", "" },
        { "socket.io#/#", "c1" },
        { "socket.io#/#", "93 a6 41 62" },
        { "socket.io#/#room#", "dc ff ff" },
        { "socket.io-request#/#", "7b 22 75" },
        { "socket.io-request#/#", "7b 7d 7d" },
        { "socket.io-request#/#", "85 a3 75 69" },
        { "socket.io-response#/#", "7b ff fe" },
        { "socket.io-response#/#", "" },
    };

    public static TheoryData<string, string> InvalidJson => new()
    {
        { "socket.io-request#/#", "[1,2]" },
        { "socket.io-request#/#", """{"type":"2"}""" },
        { "socket.io-request#/#", """{"type":99}""" },
        { "socket.io-request#/#", """{"type":8,"requestId":"r"}""" },
        { "socket.io-request#/#", """{"uid":5,"type":6,"data":["e"]}""" },
        { "socket.io-request#/#", """{"type":6,"data":"e"}""" },
        { "socket.io-request#/#", """{"type":6,"data":[1]}""" },
        { "socket.io-request#/#", """{"type":6,"data":[]}""" },
        { "socket.io-request#/#", """{"type":2,"opts":{"rooms":"a"},"rooms":["b"]}""" },
        { "socket.io-request#/#", """{"type":2,"opts":{"rooms":[{}]},"rooms":["b"]}""" },
        { "socket.io-request#/#", """{"type":2,"opts":{"rooms":[]}}""" },
        { "socket.io-request#/#", """{"type":2,"opts":{"rooms":[]},"rooms":[null]}""" },
        { "socket.io-request#/#", """{"type":4,"opts":{},"close":"yes"}""" },
        { "socket.io-request#/#", """{"type":5,"opts":{}}""" },
        { "socket.io-request#/#", """{"type":5,"requestId":"r"}""" },
        { "socket.io-request#/#", """{"type":5,"requestId":7,"opts":{}}""" },
        { "socket.io-request#/#", """{"type":1}""" },
        { "socket.io-request#/#", """{"type":2,"requestId":"r","room":"a"}""" },
        { "socket.io-request#/#", """{"type":7,"requestId":"r","packet":{"type":2,"data":["e"]}}""" },
        { "socket.io-request#/#", """{"type":7,"requestId":"r","packet":{"type":3,"data":["e"]},"opts":{}}""" },
        { "socket.io-request#/#", """{"type":7,"requestId":"r","packet":{"type":2,"data":["e"]},"opts":{"flags":{"volatile":1}}}""" },
        { "socket.io-request#/#", """{"type":7,"requestId":"r","packet":{"type":2,"data":["e"]},"opts":{"flags":{"timeout":-1}}}""" },
        { "socket.io-response#/#", """{"type":8,"clientCount":1}""" },
        { "socket.io-response#/#", """{"type":8,"requestId":"r","clientCount":"1"}""" },
        { "socket.io-response#/#", """{"type":8,"requestId":"r","clientCount":-1}""" },
        { "socket.io-response#/#", """{"type":8,"requestId":"r","clientCount":1.5}""" },
        { "socket.io-response#/#", """{"type":"8","requestId":"r"}""" },
        { "socket.io-response#/#", """{"requestId":"r","sockets":[{"handshake":{}}]}""" },
        { "socket.io-response#/#", """{"requestId":"r","sockets":[{"id":"s","rooms":"a"}]}""" },
        { "socket.io-response#/#", """{"requestId":"r","sockets":[{"id":"s","handshake":[]}]}""" },
        { "socket.io-response#/#", """{"requestId":"r","rooms":[[]]}""" },
        { "socket.io-response#/#", "\"text\"" },
        { "socket.io-request#/#", """{"type":6,"data":["e",1e400]}""" },
    };

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void Bytes_that_do_not_decode_are_dropped_as_malformed(string channel, string hex)
    {
        Dropped(Codec().Decode(channel, Hex(hex))).Reason.Should().Be(ClassicDropped.Malformed);
    }

    [Theory]
    [MemberData(nameof(InvalidJson))]
    public void Values_of_the_wrong_shape_are_dropped(string channel, string json)
    {
        // Sent as JSON where it starts with '{', otherwise as the msgpack of the same value.
        var payload = json.StartsWith('{') ? Utf8(json) : MessagePackOf(json);

        Dropped(Codec().Decode(channel, payload)).Reason.Should().BeOneOf(ClassicDropped.Invalid, ClassicDropped.Malformed);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[\"uid\"]")]
    [InlineData("{\"a\":1}")]
    [InlineData("[1,{\"type\":2,\"data\":[\"e\"]},{}]")]
    [InlineData("[\"u\",[],{}]")]
    [InlineData("[\"u\",{\"type\":2,\"data\":[\"e\"],\"nsp\":5},{}]")]
    [InlineData("[\"u\",{\"type\":2,\"data\":[\"e\"]},[]]")]
    [InlineData("[\"u\",{\"type\":2,\"data\":[\"e\"]},{\"except\":\"a\"}]")]
    [InlineData("[\"u\",{\"type\":2,\"data\":[\"e\"]},{\"flags\":{\"compress\":\"no\"}}]")]
    [InlineData("[\"u\",{\"type\":2,\"data\":[\"e\"]},{\"flags\":[]}]")]
    [InlineData("[\"u\",{\"data\":[\"e\"]},{}]")]
    public void Broadcasts_of_the_wrong_shape_are_dropped(string json)
    {
        Dropped(Codec().Decode("socket.io#/#", MessagePackOf(json))).Reason.Should().Be(ClassicDropped.Invalid);
    }

    [Fact]
    public void Deep_nesting_is_dropped_on_every_channel()
    {
        var deepJson = Utf8("{\"type\":6,\"data\":[\"e\"," + new string('[', 100_000) + new string(']', 100_000) + "]}");
        var deepPack = new byte[100_000];
        Array.Fill(deepPack, (byte)0x91);

        foreach (var channel in Channels)
        {
            Codec().Decode(channel, deepPack).Should().BeOfType<ClassicDropped>();
            Codec().Decode(channel, deepJson).Should().BeOfType<ClassicDropped>();
        }
    }

    [Fact]
    public void Huge_declared_lengths_are_dropped_without_allocating_them()
    {
        // An array of 2^32-1 elements, a string of 2^32-1 bytes, a map of 2^32-1 entries: all truncated.
        foreach (var hex in new[] { "dd ff ff ff ff", "db ff ff ff ff 61", "df ff ff ff ff", "c6 ff ff ff ff" })
        {
            foreach (var channel in Channels)
            {
                Dropped(Codec().Decode(channel, Hex(hex))).Reason.Should().Be(ClassicDropped.Malformed);
            }
        }
    }

    [Fact]
    public void Any_bytes_on_any_channel_decode_to_a_result_and_never_throw()
    {
        var payloads = Gen.Frequency(
            (2, ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null)),
            (1, ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null).Select(b => (byte[])[(byte)'{', .. b])),
            (2, Gen.Elements(
                    Hex("93 a6 41 62 43 31 32 33 83 a4 74 79 70 65 02 a4 64 61 74 61 91 a4 63 68 61 74 a3 6e 73 70 a1 2f 83 a5 72 6f 6f 6d 73 90 a6 65 78 63 65 70 74 90 a5 66 6c 61 67 73 80"),
                    Encoding.UTF8.GetBytes("""{"uid":"xY","type":2,"opts":{"rooms":["a"],"except":[]},"rooms":["c"]}"""),
                    Encoding.UTF8.GetBytes("""{"requestId":"r","sockets":[{"id":"s","handshake":{"headers":{}},"rooms":[],"data":{}}]}"""))
                .SelectMany(valid => Gen.Choose(0, valid.Length).SelectMany(cut => Gen.Choose(0, 255).Select(b =>
                {
                    var mutated = valid.ToArray();
                    if (cut < mutated.Length)
                    {
                        mutated[cut] = (byte)b;
                    }

                    return mutated;
                })))));
        var channels = Gen.Elements(Channels);
        Prop.ForAll(Gen.Zip(channels, payloads).ToArbitrary(), input =>
        {
            var result = Codec().Decode(input.Item1, input.Item2);
            return result is not null;
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] MessagePackOf(string json)
    {
        var tree = JsonTreeReader.Read(Encoding.UTF8.GetBytes(json));
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        ClassicCodecFixture.MessagePack.Encode(output, tree);
        return output.WrittenSpan.ToArray();
    }
}
