using System.Text.Json;
using SocketIo.Adapter.Redis.MessagePack;

namespace SocketIo.Adapter.Redis.Tests.MessagePack;

public class NotepackDecoderTests
{
    private static readonly NotepackCodec Codec = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static object? Decode(string hex) => Codec.Decode(Convert.FromHexString(hex));

    private static Action Decoding(string hex) => () => Decode(hex);

    private static Action Decoding(byte[] bytes) => () => Codec.Decode(bytes);

    [Theory]
    [InlineData("05", 5L)]
    [InlineData("e0", -32L)]
    [InlineData("ccff", 255L)]
    [InlineData("cdffff", 65535L)]
    [InlineData("ceffffffff", 4294967295L)]
    [InlineData("cf7fffffffffffffff", long.MaxValue)]
    [InlineData("d080", -128L)]
    [InlineData("d18000", -32768L)]
    [InlineData("d280000000", -2147483648L)]
    [InlineData("d38000000000000000", long.MinValue)]
    [InlineData("cf0020000000000001", 9007199254740993L)]
    public void Decodes_every_integer_width_to_long(string hex, long expected) => Decode(hex).Should().Be(expected);

    [Fact]
    public void Decodes_uint64_beyond_long_range_as_the_double_node_computes() =>
        Decode("cfffffffffffffffff").Should().Be(18446744073709551616.0);

    [Fact]
    public void Decodes_float32_as_the_double_it_widens_to() => Decode("ca3dcccccd").Should().Be((double)0.1f);

    [Fact]
    public void Decodes_legacy_undefined_as_the_undefined_marker() =>
        Decode("92d40000c0").Should().BeEquivalentTo(new object?[] { MessagePackUndefined.Value, null });

    [Fact]
    public void Decodes_timestamps_truncated_to_the_millisecond_as_new_Date_does()
    {
        Decode("d7ffee6b27fc00000000").Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(999));
        Decode("c70cff0007a120ffffffffffffffff").Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(-999));
        Decode("d700ffffffffffffffff").Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(-1));
    }

    [Fact]
    public void Keeps_timestamps_dotnet_cannot_hold_as_extensions()
    {
        // 2^40 seconds is about year 36812: a valid JS Date, beyond DateTimeOffset.
        Decode("c70cff000000000000010000000000").Should().BeEquivalentTo(new MessagePackExtension(-1, Convert.FromHexString("000000000000010000000000")));
        Decode("d7007fffffffffffffff").Should().BeOfType<MessagePackExtension>().Which.Type.Should().Be(0);
    }

    [Fact]
    public void Keeps_a_timestamp_extension_of_the_wrong_length_opaque() =>
        Decode("c702ff0102").Should().BeEquivalentTo(new MessagePackExtension(-1, [1, 2]));

    [Fact]
    public void Decodes_legacy_arraybuffer_extensions_as_bytes() => Decode("c8000300010203").Should().BeEquivalentTo(new byte[] { 1, 2, 3 });

    [Fact]
    public void Stringifies_map_keys_as_js_does_and_lets_the_last_duplicate_win()
    {
        var map = Decode("85a16201a16101a1620201c0cb3ff8000000000000c3").Should().BeOfType<Dictionary<string, object?>>().Subject;

        map.Should().Equal(new Dictionary<string, object?> { ["1"] = null, ["b"] = 2L, ["a"] = 1L, ["1.5"] = true });
        map.Keys.Should().Equal("1", "b", "a", "1.5");
    }

    [Fact]
    public void Drops_proto_keys_which_js_turns_into_the_prototype() =>
        Decode("82a95f5f70726f746f5f5f81a16101a16202").Should().BeEquivalentTo(new Dictionary<string, object?> { ["b"] = 2L });

    [Fact]
    public void Ignores_bytes_after_the_value() => Decode("0102c1").Should().Be(1L);

    [Theory]
    [InlineData("")]
    [InlineData("c1")]
    [InlineData("91c1")]
    [InlineData("cd01")]
    [InlineData("a46162")]
    [InlineData("c4ff00")]
    [InlineData("d5ff01")]
    [InlineData("81a161")]
    public void Rejects_malformed_input(string hex) => Decoding(hex).Should().Throw<MessagePackFormatException>();

    [Theory]
    [InlineData("ddffffffff")]
    [InlineData("dfffffffff")]
    [InlineData("dcffff")]
    [InlineData("deffff")]
    [InlineData("c6ffffffff")]
    [InlineData("dbffffffff")]
    [InlineData("c9ffffffff05")]
    [InlineData("c9ffffffff00")]
    public void Rejects_declared_lengths_beyond_the_input_without_allocating_for_them(string hex)
    {
        var bytes = Convert.FromHexString(hex + "c0c0c0c0");
        Decoding(bytes).Should().Throw<MessagePackFormatException>();

        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Codec.Decode(bytes);
        }
        catch (MessagePackFormatException)
        {
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16 * 1024);
    }

    // Found by the fuzzer: each level of a nest declared as many items as the rest of the message could hold, and each
    // reserved room for them up front, so a message of a few kilobytes cost the depth times as much (about 1 MB of
    // arrays, 4 MB of dictionaries) before failing as truncated.
    [Theory]
    [InlineData(0xdc)]
    [InlineData(0xde)]
    public void A_nest_of_containers_declaring_the_rest_of_the_message_reserves_no_more_than_the_message(byte container)
    {
        // 120 levels of 1024 items (1024 pairs for maps: 2048 bytes), each a level then filler.
        var level = container == 0xde ? new byte[] { container, 0x04, 0x00, 0xa1, 0x61 } : [container, 0x04, 0x00];
        var bytes = Enumerable.Repeat(level, 120).SelectMany(b => b).Concat(new byte[2048]).ToArray();

        Decoding(bytes).Should().Throw<MessagePackFormatException>();

        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Codec.Decode(bytes);
        }
        catch (MessagePackFormatException)
        {
        }

        // Before the fix: about 400 (arrays) and 1,700 (maps) bytes per input byte. Now the reserved first levels,
        // the innermost container's items and the exception's trace through 120 frames.
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(128L * bytes.Length);
    }

    [Fact]
    public void Accepts_nesting_up_to_the_limit()
    {
        var bytes = Enumerable.Repeat((byte)0x91, NotepackDecoder.MaxDepth).Append((byte)0xc0).ToArray();

        var value = Codec.Decode(bytes);

        for (var depth = 0; depth < NotepackDecoder.MaxDepth; depth++)
        {
            value = value.Should().BeOfType<object?[]>().Subject.Single();
        }

        value.Should().BeNull();
    }

    [Theory]
    [InlineData(0x91)]
    [InlineData(0x81)]
    public void Rejects_nesting_beyond_the_limit(byte container)
    {
        // A map nests through its keys as well: 81 81 81 ... nests maps as keys of maps.
        var bytes = Enumerable.Repeat(container, NotepackDecoder.MaxDepth + 1).Append((byte)0xc0).ToArray();

        Decoding(bytes).Should().Throw<MessagePackFormatException>().WithMessage("*128*");
    }

    [Fact]
    public void Rejects_hostile_deep_nesting_without_exhausting_the_stack()
    {
        var arrays = Enumerable.Repeat((byte)0x91, 100_000).ToArray();
        var maps = Enumerable.Repeat(new byte[] { 0x81, 0xa1, 0x61 }, 100_000).SelectMany(b => b).ToArray();

        Decoding(arrays).Should().Throw<MessagePackFormatException>();
        Decoding(maps).Should().Throw<MessagePackFormatException>();
    }

    [Fact]
    public void Replaces_invalid_utf8_as_node_does() => Decode("a3e282ff").Should().Be("\ufffd\ufffd");

    [Fact]
    public void Reads_binaries_as_copies_of_the_input()
    {
        var bytes = Convert.FromHexString("c4020102");

        var value = (byte[])Codec.Decode(bytes)!;
        bytes[2] = 9;

        value.Should().Equal(1, 2);
    }
}
