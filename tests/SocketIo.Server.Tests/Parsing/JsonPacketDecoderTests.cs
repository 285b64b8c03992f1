using System.Diagnostics;
using System.Text;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;

namespace SocketIo.Server.Tests.Parsing;

public class JsonPacketDecoderTests
{
    private readonly ISocketIoPacketDecoder _decoder = new JsonSocketIoParser().CreateDecoder();

    private SocketIoPacket? AddText(string text) => _decoder.Add(Encoding.UTF8.GetBytes(text), isBinary: false);

    private SocketIoPacket? AddBinary(params byte[] bytes) => _decoder.Add(bytes, isBinary: true);

    private void ShouldReject(string text, string message)
    {
        var act = () => AddText(text);
        act.Should().Throw<SocketIoParseException>().WithMessage(message);
    }

    [Fact]
    public void Decodes_a_bare_connect_to_the_main_namespace()
    {
        var packet = AddText("0")!;

        packet.Type.Should().Be(SocketIoPacketType.Connect);
        packet.Namespace.Should().Be("/");
        packet.AckId.Should().BeNull();
        packet.Data.Should().BeNull();
        packet.Attachments.Should().BeEmpty();
    }

    [Fact]
    public void Decodes_connect_with_auth()
    {
        var packet = AddText("0{\"token\":\"123\"}")!;

        packet.Data!.Value.GetProperty("token").GetString().Should().Be("123");
    }

    [Theory]
    [InlineData("0/custom,", "/custom")]
    [InlineData("0/custom", "/custom")]
    [InlineData("0/random", "/random")]
    [InlineData("0/", "/")]
    [InlineData("0/ünï€😀,", "/ünï€😀")]
    public void Reads_the_namespace_with_or_without_trailing_comma(string text, string nsp)
    {
        AddText(text)!.Namespace.Should().Be(nsp);
    }

    [Fact]
    public void Decodes_the_compliance_event()
    {
        var packet = AddText("2[\"message\",1,\"2\",{\"3\":[true]}]")!;

        packet.Type.Should().Be(SocketIoPacketType.Event);
        packet.Data!.Value.GetRawText().Should().Be("[\"message\",1,\"2\",{\"3\":[true]}]");
    }

    [Fact]
    public void Decodes_an_event_with_ack_id()
    {
        var packet = AddText("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]")!;

        packet.AckId.Should().Be(456);
        packet.Data!.Value[0].GetString().Should().Be("message-with-ack");
    }

    [Fact]
    public void Reads_ack_ids_beyond_32_bits()
    {
        AddText("3/nsp,9007199254740993[]")!.AckId.Should().Be(9007199254740993);
        AddText("29223372036854775807[\"x\"]")!.AckId.Should().Be(long.MaxValue);
    }

    [Fact]
    public void Rejects_an_ack_id_beyond_64_bits()
    {
        ShouldReject("29223372036854775808[\"x\"]", "invalid ack id");
    }

    [Fact]
    public void Accepts_an_event_without_payload_as_the_reference_does()
    {
        var packet = AddText("2")!;

        packet.Type.Should().Be(SocketIoPacketType.Event);
        packet.Data.Should().BeNull();
    }

    [Fact]
    public void Accepts_a_numeric_event_name()
    {
        AddText("2[42,\"x\"]")!.Data!.Value[0].GetInt32().Should().Be(42);
    }

    [Fact]
    public void Accepts_error_as_event_name()
    {
        AddText("2[\"error\"]").Should().NotBeNull();
    }

    [Fact]
    public void Reassembles_the_compliance_binary_event()
    {
        AddText("52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]").Should().BeNull();
        AddBinary(1, 2, 3).Should().BeNull();
        var packet = AddBinary(4, 5, 6)!;

        packet.Type.Should().Be(SocketIoPacketType.Event);
        packet.HadAttachments.Should().BeTrue();
        packet.Attachments.Select(a => a.ToArray()).Should().BeEquivalentTo(new[] { new byte[] { 1, 2, 3 }, [4, 5, 6] }, o => o.WithStrictOrdering());
        SocketIoPlaceholder.TryGetAttachment(packet.Data!.Value[2], packet.Attachments, out var second).Should().BeTrue();
        second.ToArray().Should().Equal(4, 5, 6);
    }

    [Fact]
    public void Reports_a_binary_ack_as_ack_with_its_id()
    {
        AddText("62-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        AddBinary(1);
        var packet = AddBinary(2)!;

        packet.Type.Should().Be(SocketIoPacketType.Ack);
        packet.AckId.Should().Be(789);
        packet.Attachments.Should().HaveCount(2);
    }

    [Fact]
    public void Copies_attachments_out_of_the_borrowed_buffer()
    {
        var buffer = new byte[] { 7, 7, 7 };
        AddText("51-[\"x\",{\"_placeholder\":true,\"num\":0}]");
        var packet = _decoder.Add(buffer, isBinary: true)!;
        buffer.AsSpan().Clear();

        packet.Attachments[0].ToArray().Should().Equal(7, 7, 7);
    }

    [Fact]
    public void Data_read_during_the_call_outlives_the_borrowed_buffer()
    {
        var buffer = Encoding.UTF8.GetBytes("2/chat,[\"x\",\"kept\"]");
        var packet = _decoder.Add(buffer, isBinary: false)!;
        var data = packet.Data;
        var nsp = packet.Namespace;
        buffer.AsSpan().Fill((byte)' ');

        data!.Value[1].GetString().Should().Be("kept");
        nsp.Should().Be("/chat");
    }

    [Fact]
    public void Copies_a_binary_header_out_of_the_borrowed_buffer()
    {
        var header = Encoding.UTF8.GetBytes("51-/chat,[\"x\",{\"_placeholder\":true,\"num\":0}]");
        _decoder.Add(header, isBinary: false).Should().BeNull();
        header.AsSpan().Fill((byte)' ');

        var packet = _decoder.Add(new byte[] { 1 }, isBinary: true)!;

        packet.Namespace.Should().Be("/chat");
        packet.GetEventName().Should().Be("x");
        packet.Data!.Value.GetArrayLength().Should().Be(2);
    }

    [Fact]
    public void Reuses_one_packet_for_text_messages()
    {
        var first = AddText("2[\"a\"]");
        var second = AddText("2[\"b\"]");

        second.Should().BeSameAs(first);
        second!.GetEventName().Should().Be("b");
    }

    [Theory]
    [InlineData("2[\"chat\",1]", "chat")]
    [InlineData("2[\"caf\\u00e9\"]", "caf\u00e9")]
    [InlineData("2[\"\\ud83d\\ude00 x\"]", "\ud83d\ude00 x")]
    [InlineData("2[\"\"]", "")]
    [InlineData("2[42,\"x\"]", "42")]
    [InlineData("2[-1.5e3]", "-1.5e3")]
    [InlineData("2/a,7[\"\u00e9t\u00e9\",{}]", "\u00e9t\u00e9")]
    public void Reads_the_event_name_without_a_json_tree(string text, string expected)
    {
        var packet = AddText(text)!;
        Span<char> buffer = stackalloc char[packet.EventNameMaxLength];

        buffer[..packet.CopyEventName(buffer)].ToString().Should().Be(expected);
        packet.GetEventName().Should().Be(expected);
    }

    [Fact]
    public void Decodes_packets_one_after_another()
    {
        AddText("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");
        AddBinary(1)!.Attachments.Should().HaveCount(1);
        AddText("2[\"b\"]")!.Attachments.Should().BeEmpty();
    }

    [Fact]
    public void Reset_drops_a_partial_binary_packet()
    {
        AddText("52-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        AddBinary(1);
        _decoder.Reset();

        AddText("2[\"b\"]").Should().NotBeNull();
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("7")]
    [InlineData("9[]")]
    [InlineData("-1")]
    [InlineData(" 0")]
    [InlineData("")]
    public void Rejects_unknown_packet_type(string text) => ShouldReject(text, "unknown packet type");

    [Theory]
    [InlineData("5[\"x\"]")]
    [InlineData("5-[\"x\"]")]
    [InlineData("5a-[\"x\"]")]
    [InlineData("51[\"x\"]")]
    [InlineData("5 1-[\"x\"]")]
    [InlineData("51e0-[\"x\"]")]
    [InlineData("6[]")]
    public void Rejects_malformed_attachment_count(string text) => ShouldReject(text, "Illegal attachments");

    [Fact]
    public void Rejects_zero_attachments_as_reference_4_2_7_does() => ShouldReject("50-[\"x\"]", "Illegal attachments");

    [Theory]
    [InlineData("511-[\"x\"]")]
    [InlineData("599999999999999999999999-[\"x\"]")]
    public void Rejects_more_attachments_than_allowed(string text) => ShouldReject(text, "too many attachments");

    [Fact]
    public void Max_attachments_is_configurable()
    {
        var decoder = new JsonSocketIoParser(new JsonSocketIoParserOptions { MaxAttachments = 2 }).CreateDecoder();
        var act = () => decoder.Add("53-[\"x\"]"u8.ToArray(), isBinary: false);

        act.Should().Throw<SocketIoParseException>().WithMessage("too many attachments");
        decoder.Add("52-[\"x\"]"u8.ToArray(), isBinary: false).Should().BeNull();
    }

    [Theory]
    [InlineData("0[]")]
    [InlineData("0null")]
    [InlineData("0\"str\"")]
    [InlineData("0/x,[]")]
    public void Rejects_connect_payload_that_is_not_an_object(string text) => ShouldReject(text, "invalid payload");

    [Theory]
    [InlineData("1{}")]
    [InlineData("1[]")]
    [InlineData("1/admin,\"x\"")]
    public void Rejects_disconnect_with_payload(string text) => ShouldReject(text, "invalid payload");

    [Theory]
    [InlineData("4[]")]
    [InlineData("4null")]
    [InlineData("4true")]
    public void Rejects_connect_error_that_is_neither_string_nor_object(string text) => ShouldReject(text, "invalid payload");

    [Theory]
    [InlineData("2{}")]
    [InlineData("2[]")]
    [InlineData("2null")]
    [InlineData("2\"message\"")]
    [InlineData("2[null]")]
    [InlineData("2[true]")]
    [InlineData("2[{}]")]
    [InlineData("2[[\"x\"]]")]
    public void Rejects_event_that_is_not_an_array_starting_with_a_name(string text) => ShouldReject(text, "invalid payload");

    [Theory]
    [InlineData("connect")]
    [InlineData("connect_error")]
    [InlineData("disconnect")]
    [InlineData("disconnecting")]
    [InlineData("newListener")]
    [InlineData("removeListener")]
    [InlineData("\\u0063onnect")]
    public void Rejects_event_with_reserved_name(string name)
    {
        ShouldReject($"2[\"{name}\",1]", "invalid payload");
        ShouldReject($"51-[\"{name}\",{{\"_placeholder\":true,\"num\":0}}]", "invalid payload");
    }

    // Found by the fuzzer: System.Text.Json cannot read these names into a string (GetString throws), so the server
    // would have failed after decoding; they are refused as invalid payload instead (the reference takes them).
    [Theory]
    [InlineData("su\\udfff\\ud800")]
    [InlineData("\\ud800")]
    [InlineData("a\\udc00")]
    [InlineData("\\ud83d\\u0041")]
    [InlineData("\\ud83d")]
    public void Rejects_event_name_with_a_lone_surrogate_escape(string name)
    {
        ShouldReject($"2[\"{name}\",\"ok\"]", "invalid payload");
        ShouldReject($"51-[\"{name}\",{{\"_placeholder\":true,\"num\":0}}]", "invalid payload");
    }

    // Found by the fuzzer: a property name System.Text.Json cannot read makes every lookup in its object throw
    // (TryGetProperty of the CONNECT auth, the placeholder checks), so such payloads are refused.
    [Theory]
    [InlineData("0{\"\\ud800\":1}")]
    [InlineData("0{\"token\":\"t\",\"a\\udc00\":1}")]
    [InlineData("2[\"x\",{\"a\":[{\"\\ud83d\\u0041\":1}]}]")]
    [InlineData("51-[\"x\",{\"\\ud800\":1},{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("3[{\"\\udfff\":null}]")]
    public void Rejects_property_names_with_a_lone_surrogate_escape(string text) => ShouldReject(text, "invalid payload");

    [Fact]
    public void Keeps_lone_surrogates_in_string_values_as_the_reference_does()
    {
        var packet = AddText("2[\"x\",\"cut \\ud83d\",{\"k\":\"\\udc00\"}]")!;

        packet.Data!.Value.GetArrayLength().Should().Be(3);
    }

    [Theory]
    [InlineData("\\ud83d\\ude00", "\U0001F600")]
    [InlineData("\\\\ud800", "\\ud800")]
    [InlineData("\\u00e9\\n", "é\n")]
    public void Accepts_event_name_with_paired_or_no_surrogate_escapes(string name, string expected)
    {
        AddText($"2[\"{name}\"]")!.Data!.Value[0].GetString().Should().Be(expected);
    }

    [Theory]
    [InlineData("3{}")]
    [InlineData("3\"x\"")]
    [InlineData("3null")]
    [InlineData("61-{}")]
    public void Rejects_ack_that_is_not_an_array(string text) => ShouldReject(text, "invalid payload");

    [Theory]
    [InlineData("2abc[\"message-with-ack\",1]")]
    [InlineData("42[\"x\"]")]
    [InlineData("2 [\"x\"]")]
    [InlineData("2\n[\"x\"]")]
    [InlineData("2/nsp, [\"x\"]")]
    public void Rejects_garbage_between_header_and_json(string text) => ShouldReject(text, "invalid payload");

    [Theory]
    [InlineData("2[\"x\"]x")]
    [InlineData("2[\"x\"")]
    [InlineData("2[\"x\",]")]
    [InlineData("2[\"x\"]/*c*/")]
    [InlineData("2['x']")]
    [InlineData("2[\"x\",NaN]")]
    public void Rejects_invalid_json(string text) => ShouldReject(text, "invalid payload");

    [Fact]
    public void Rejects_invalid_utf8_in_the_payload()
    {
        var act = () => _decoder.Add(new byte[] { (byte)'2', (byte)'[', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)']' }, isBinary: false);

        act.Should().Throw<SocketIoParseException>().WithMessage("invalid payload");
    }

    [Fact]
    public void Rejects_plaintext_while_reconstructing()
    {
        AddText("51-[\"x\",{\"_placeholder\":true,\"num\":0}]");

        ShouldReject("2[\"y\"]", "got plaintext data when reconstructing a packet");
    }

    [Fact]
    public void Rejects_binary_when_not_reconstructing()
    {
        var act = () => AddBinary(1, 2, 3);

        act.Should().Throw<SocketIoParseException>().WithMessage("got binary data when not reconstructing a packet");
    }

    [Fact]
    public void Rejects_binary_after_the_last_attachment()
    {
        AddText("51-[\"x\",{\"_placeholder\":true,\"num\":0}]");
        AddBinary(1).Should().NotBeNull();
        var act = () => AddBinary(2);

        act.Should().Throw<SocketIoParseException>().WithMessage("got binary data when not reconstructing a packet");
    }

    [Theory]
    [InlineData("51-[\"x\",{\"_placeholder\":true,\"num\":1}]")]
    [InlineData("51-[\"x\",{\"_placeholder\":true,\"num\":-1}]")]
    [InlineData("51-[\"x\",{\"_placeholder\":true,\"num\":0.5}]")]
    [InlineData("51-[\"x\",{\"_placeholder\":true,\"num\":\"0\"}]")]
    [InlineData("51-[\"x\",{\"_placeholder\":true}]")]
    [InlineData("51-[\"x\",{\"deep\":[[{\"_placeholder\":true,\"num\":3}]]}]")]
    [InlineData("51-[\"x\",{\"_placeholder\":false,\"_placeholder\":true,\"num\":1}]")]
    public void Rejects_placeholder_that_names_no_attachment(string text) => ShouldReject(text, "illegal attachments");

    [Fact]
    public void Leaves_placeholders_of_plain_events_alone()
    {
        var packet = AddText("2[\"x\",{\"_placeholder\":true,\"num\":5}]")!;

        SocketIoPlaceholder.TryGetAttachment(packet.Data!.Value[1], packet.Attachments, out _).Should().BeFalse();
    }

    [Fact]
    public void Rejects_json_nested_deeper_than_the_limit()
    {
        var deep = "2[\"x\"," + new string('[', 100) + new string(']', 100) + "]";

        ShouldReject(deep, "invalid payload");
    }

    [Fact]
    public void Rejects_very_deep_json_without_crashing()
    {
        var deep = "2[\"x\"," + new string('[', 1_000_000) + new string(']', 1_000_000) + "]";

        ShouldReject(deep, "invalid payload");
    }

    [Fact]
    public void Max_depth_is_configurable()
    {
        var decoder = new JsonSocketIoParser(new JsonSocketIoParserOptions { MaxDepth = 3 }).CreateDecoder();

        decoder.Add("2[\"x\",[[1]]]"u8.ToArray(), isBinary: false).Should().NotBeNull();
        var act = () => decoder.Add("2[\"x\",[[[1]]]]"u8.ToArray(), isBinary: false);
        act.Should().Throw<SocketIoParseException>().WithMessage("invalid payload");
    }

    [Theory]
    [InlineData("2/")]
    [InlineData("2/\"")]
    [InlineData("2[\"")]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData("2\\")]
    public void Decodes_in_linear_time_whatever_the_repetition(string unit)
    {
        // CVE-2020-36049 came from quadratic string building; a megabyte of any pattern must stay cheap.
        var text = "5" + "1-" + string.Concat(Enumerable.Repeat(unit, 1_000_000 / unit.Length));
        var watch = Stopwatch.StartNew();

        try
        {
            AddText(text);
        }
        catch (SocketIoParseException)
        {
        }

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2));
    }
}
