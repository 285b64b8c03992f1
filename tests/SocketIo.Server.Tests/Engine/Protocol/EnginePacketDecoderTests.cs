using System.Text;
using System.Text.Json;
using SocketIo.Server.Engine;
using SocketIo.Server.Engine.Protocol;

namespace SocketIo.Server.Tests.Engine.Protocol;

public class EnginePacketDecoderTests
{
    [Theory]
    [InlineData("0", 0, "")]
    [InlineData("1", 1, "")]
    [InlineData("2probe", 2, "probe")]
    [InlineData("3", 3, "")]
    [InlineData("4hello", 4, "hello")]
    [InlineData("5", 5, "")]
    [InlineData("6", 6, "")]
    public void Decodes_each_text_packet_type(string wire, int type, string data)
    {
        EnginePacketDecoder.TryDecodeText(Encoding.UTF8.GetBytes(wire), out var packet).Should().BeTrue();
        packet.Type.Should().Be((EnginePacketType)type);
        Encoding.UTF8.GetString(packet.Data.Span).Should().Be(data);
        packet.IsBinary.Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("abc")]
    [InlineData("/4")]
    public void Rejects_a_text_packet_without_a_valid_type_digit(string wire) =>
        EnginePacketDecoder.TryDecodeText(Encoding.UTF8.GetBytes(wire), out _).Should().BeFalse();

    [Fact]
    public void A_binary_frame_is_a_message_without_a_type_byte()
    {
        var packet = EnginePacketDecoder.DecodeBinary(new byte[] { 4, 1, 2 });
        packet.Type.Should().Be(EnginePacketType.Message);
        packet.IsBinary.Should().BeTrue();
        packet.Data.ToArray().Should().Equal(4, 1, 2);
    }

    [Fact]
    public void Probe_is_recognised_only_as_exact_text()
    {
        EnginePacketDecoder.TryDecodeText("2probe"u8.ToArray(), out var probe).Should().BeTrue();
        probe.IsProbe.Should().BeTrue();
        EnginePacketDecoder.TryDecodeText("2probes"u8.ToArray(), out var other).Should().BeTrue();
        other.IsProbe.Should().BeFalse();
    }

    [Fact]
    public void Open_packet_has_exactly_the_five_keys_in_order()
    {
        var wire = Encoding.UTF8.GetString(OpenPacket.Encode("lv_VI97HAXpY6yYWAAAC", true, 25000, 20000, 1000000));

        wire.Should().Be("0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
        Encoding.UTF8.GetString(OpenPacket.Encode("x", false, 1, 2, 3)).Should().Contain("\"upgrades\":[]");
    }

    [Fact]
    public void Session_ids_are_20_url_safe_characters_and_unique()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => SessionIdGenerator.NewId()).ToList();

        ids.Should().OnlyContain(id => id.Length == 20 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'));
        ids.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Text_messages_keep_utf8_and_json_text_unescaped()
    {
        var message = EngineMessage.Text("<b>\"€\"</b>");
        Encoding.UTF8.GetString(message.Wire.Span).Should().Be("4<b>\"€\"</b>");
        message.IsBinary.Should().BeFalse();
        message.Length.Should().Be(message.Wire.Length);
    }
}
