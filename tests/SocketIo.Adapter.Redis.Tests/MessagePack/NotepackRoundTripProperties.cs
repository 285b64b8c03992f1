using System.Buffers;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Tests.MessagePack.Support;

namespace SocketIo.Adapter.Redis.Tests.MessagePack;

public class NotepackRoundTripProperties
{
    private static readonly NotepackCodec Codec = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static readonly Config Many = Config.QuickThrowOnFailure.WithMaxTest(1000);

    [Fact]
    public void Decoding_an_encoded_value_gives_back_the_value()
    {
        Prop.ForAll(MessagePackSamples.Values.ToArbitrary(), value =>
        {
            var decoded = Codec.Decode(Encode(value));
            return Canonical.Same(Canonical.Describe(MessagePackSamples.Expected(value)), Canonical.Describe(decoded));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Re_encoding_a_decoded_value_reproduces_its_bytes()
    {
        Prop.ForAll(MessagePackSamples.Values.ToArbitrary(), value =>
        {
            var bytes = Encode(value);
            return Encode(Codec.Decode(bytes)).AsSpan().SequenceEqual(bytes);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Arbitrary_bytes_decode_or_throw_the_format_exception()
    {
        var bytes = Gen.Frequency(
            (1, ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null)),
            (2, from value in MessagePackSamples.Values
                from position in ArbMap.Default.GeneratorFor<int>()
                from replacement in ArbMap.Default.GeneratorFor<byte>()
                select Mutate(Encode(value), position, replacement)));
        Check.One(Many, Prop.ForAll(bytes.ToArbitrary(), DecodesOrRejects));
    }

    [Fact]
    public void Every_one_byte_prefix_followed_by_junk_decodes_or_throws_the_format_exception()
    {
        var junk = new byte[] { 0xff, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x7f, 0x80, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };
        for (var prefix = 0; prefix < 256; prefix++)
        {
            for (var length = 0; length <= junk.Length; length++)
            {
                DecodesOrRejects([(byte)prefix, .. junk.AsSpan(0, length)]).Should().BeTrue();
            }
        }
    }

    [Fact]
    public void Truncated_encodings_throw_the_format_exception()
    {
        Prop.ForAll(MessagePackSamples.Values.ToArbitrary(), value =>
        {
            var bytes = Encode(value);

            // Every cut of small values; an even spread of cuts (and the last bytes) of large ones.
            var step = Math.Max(1, bytes.Length / 256);
            var lengths = Enumerable.Range(0, bytes.Length).Where(l => l % step == 0 || l >= bytes.Length - 16);
            return lengths.All(length => Rejects(bytes.AsMemory(0, length)));
        }).QuickCheckThrowOnFailure();
    }

    private static bool Rejects(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            Codec.Decode(bytes);
            return false;
        }
        catch (MessagePackFormatException)
        {
            return true;
        }
    }

    private static bool DecodesOrRejects(byte[] bytes)
    {
        try
        {
            Codec.Decode(bytes);
        }
        catch (MessagePackFormatException)
        {
        }

        return true;
    }

    private static byte[] Mutate(byte[] bytes, int where, byte value)
    {
        if (bytes.Length == 0)
        {
            return [value];
        }

        var position = (int)((uint)where % bytes.Length);
        return (where & 3) switch
        {
            0 => [.. bytes[..position], .. bytes[(position + 1)..]],
            1 => [.. bytes[..position], value, .. bytes[position..]],
            _ => [.. bytes[..position], value, .. bytes[(position + 1)..]],
        };
    }

    private static byte[] Encode(object? value)
    {
        var output = new ArrayBufferWriter<byte>();
        Codec.Encode(output, value);
        return output.WrittenSpan.ToArray();
    }
}
