using System.Text;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;

namespace SocketIo.Server.Tests.Parsing;

/// <summary>Skipping a packet unread, as the inbound rate limit does: its attachments go with it.</summary>
public class JsonPacketDecoderSkipTests
{
    private readonly ISocketIoPacketDecoder _decoder = new JsonSocketIoParser().CreateDecoder();

    [Fact]
    public void A_skipped_text_packet_leaves_the_decoder_ready()
    {
        _decoder.Skip(Text("2[\"ev\",1]"), isBinary: false);

        _decoder.ExpectsAttachment.Should().BeFalse();
        _decoder.Add(Encoding.UTF8.GetBytes("2[\"next\"]"), isBinary: false)!.Type.Should().Be(SocketIoPacketType.Event);
    }

    [Fact]
    public void A_skipped_binary_header_swallows_its_attachments()
    {
        _decoder.Skip(Text("52-[\"ev\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"), isBinary: false);

        _decoder.ExpectsAttachment.Should().BeTrue();
        _decoder.Add(new byte[] { 1 }, isBinary: true).Should().BeNull();
        _decoder.Add(new byte[] { 2 }, isBinary: true).Should().BeNull();
        _decoder.ExpectsAttachment.Should().BeFalse();
        _decoder.Add(Encoding.UTF8.GetBytes("2[\"next\"]"), isBinary: false).Should().NotBeNull();
    }

    [Fact]
    public void Text_while_skipping_attachments_is_a_protocol_error()
    {
        _decoder.Skip(Text("51-[\"ev\",{\"_placeholder\":true,\"num\":0}]"), isBinary: false);

        _decoder.Invoking(d => d.Add(Encoding.UTF8.GetBytes("2[\"ev\"]"), isBinary: false)).Should().Throw<SocketIoParseException>();
    }

    [Theory]
    [InlineData("")]
    [InlineData("9")]
    [InlineData("5x-[]")]
    [InlineData("50-[]")]
    [InlineData("511-[]")]
    public void A_header_the_decoder_would_refuse_is_refused_when_skipped_too(string text) =>
        _decoder.Invoking(d => d.Skip(Text(text), isBinary: false)).Should().Throw<SocketIoParseException>();

    [Fact]
    public void Binary_that_starts_a_packet_is_refused() =>
        _decoder.Invoking(d => d.Skip(new byte[] { 1 }, isBinary: true)).Should().Throw<SocketIoParseException>();

    [Fact]
    public void Reset_forgets_attachments_to_skip()
    {
        _decoder.Skip(Text("51-[\"ev\",{\"_placeholder\":true,\"num\":0}]"), isBinary: false);

        _decoder.Reset();

        _decoder.ExpectsAttachment.Should().BeFalse();
    }

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);
}
