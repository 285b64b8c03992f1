using System.Text;
using System.Text.Json;
using SocketIo.Server.Engine;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;

namespace SocketIo.Server.Tests.Parsing;

public class JsonPacketEncoderTests
{
    private static readonly JsonSocketIoParser Parser = new();

    private static string Text(EngineMessage[] messages) => Encoding.UTF8.GetString(messages[0].Wire.Span);

    private static string EncodeEvent(string name, params object?[] args) =>
        Text(Parser.Encode(SocketIoPacketType.Event, "/", null, SocketIoPayload.FromEvent(name, args)));

    private static SocketIoPacket DecodeText(string text) =>
        new JsonSocketIoParser().CreateDecoder().Add(Encoding.UTF8.GetBytes(text), isBinary: false)!;

    [Theory]
    [InlineData(0, "/", "40")]
    [InlineData(0, "/custom", "40/custom,")]
    [InlineData(1, "/", "41")]
    [InlineData(1, "/admin", "41/admin,")]
    [InlineData(1, "", "41")]
    public void Writes_packets_without_payload(int type, string nsp, string wire)
    {
        var messages = Parser.Encode((SocketIoPacketType)type, nsp, null, SocketIoPayload.None);

        messages.Should().ContainSingle();
        Text(messages).Should().Be(wire);
        messages[0].IsBinary.Should().BeFalse();
    }

    [Fact]
    public void Writes_decimals_by_their_digits_as_JSON_stringify_prints_the_nearest_double()
    {
        EncodeEvent("n", 0.1m, 12345678901234567890.5m, -2.50m).Should().Be("42[\"n\",0.1,12345678901234567000,-2.5]");
    }

    [Fact]
    public void Writes_the_connect_reply()
    {
        var json = "{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}"u8;

        Text(JsonSocketIoParser.EncodeJson(SocketIoPacketType.Connect, "/custom", null, json)).Should().Be("40/custom,{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}");
    }

    [Fact]
    public void Writes_the_invalid_namespace_error()
    {
        var messages = Parser.Encode(SocketIoPacketType.ConnectError, "/random", null, SocketIoPayload.FromValue(new { message = "Invalid namespace" }));

        Text(messages).Should().Be("44/random,{\"message\":\"Invalid namespace\"}");
    }

    [Fact]
    public void Echoes_the_compliance_event_with_identical_payload_bytes()
    {
        var inbound = DecodeText("2[\"message\",1,\"2\",{\"3\":[true]}]");
        var args = inbound.Data!.Value.EnumerateArray().Skip(1).Select(e => (object?)e).ToArray();

        EncodeEvent("message-back", args).Should().Be("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
    }

    [Fact]
    public void Answers_the_compliance_ack()
    {
        var inbound = DecodeText("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        var args = inbound.Data!.Value.EnumerateArray().Skip(1).Select(e => (object?)e).ToArray();

        Text(Parser.Encode(SocketIoPacketType.Ack, inbound.Namespace, inbound.AckId, SocketIoPayload.FromArguments(args)))
            .Should().Be("43456[1,\"2\",{\"3\":[false]}]");
    }

    [Fact]
    public void Answers_the_compliance_binary_ack_with_binary_ack()
    {
        var messages = Parser.Encode(SocketIoPacketType.Ack, "/", 789, SocketIoPayload.FromArguments(new object?[] { new byte[] { 1, 2, 3 }, new byte[] { 4, 5, 6 } }));

        Text(messages).Should().Be("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        messages.Should().HaveCount(3);
        messages[1].IsBinary.Should().BeTrue();
        messages[1].Wire.ToArray().Should().Equal(1, 2, 3);
        messages[2].Wire.ToArray().Should().Equal(4, 5, 6);
    }

    [Fact]
    public void Echoes_the_compliance_binary_event()
    {
        var messages = Parser.Encode(SocketIoPacketType.Event, "/", null, SocketIoPayload.FromEvent("message-back", new object?[] { new byte[] { 1, 2, 3 }, new ReadOnlyMemory<byte>([4, 5, 6]) }));

        Text(messages).Should().Be("452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        messages.Should().HaveCount(3);
    }

    [Fact]
    public void Numbers_binaries_depth_first_through_arrays_dictionaries_and_objects()
    {
        var args = new object?[]
        {
            new Dictionary<string, object?> { ["a"] = new object?[] { new byte[] { 1 }, new { B = new ArraySegment<byte>([9, 2, 9], 1, 1) } } },
            new Upload("f.bin", new byte[] { 3 }, new Memory<byte>([4])),
            new byte[] { 5 },
        };

        var messages = Parser.Encode(SocketIoPacketType.Event, "/", 1, SocketIoPayload.FromEvent("up", args));

        Text(messages).Should().Be(
            "455-1[\"up\",{\"a\":[{\"_placeholder\":true,\"num\":0},{\"b\":{\"_placeholder\":true,\"num\":1}}]},"
            + "{\"name\":\"f.bin\",\"content\":{\"_placeholder\":true,\"num\":2},\"extra\":{\"_placeholder\":true,\"num\":3}},"
            + "{\"_placeholder\":true,\"num\":4}]");
        messages.Skip(1).Select(m => m.Wire.ToArray()[0]).Should().Equal(1, 2, 3, 4, 5);
    }

    [Fact]
    public void Writes_strings_as_json_stringify_does()
    {
        EncodeEvent("s", "é€😀 <>&'+/ \u2028\u007f", "\"\\\b\f\n\r\t\u0000\u001f", "\ud800", "a\udc00b", "\udbff\udfff")
            .Should().Be("42[\"s\",\"é€😀 <>&'+/ \u2028\u007f\",\"\\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\",\"\\ud800\",\"a\\udc00b\",\"\udbff\udfff\"]");
    }

    [Fact]
    public void Writes_strings_inside_serialized_objects_as_json_stringify_does()
    {
        EncodeEvent("o", new { Text = "é<>&'+/\n\u001f\u2028" }).Should().Be("42[\"o\",{\"text\":\"é<>&'+/\\n\\u001f\u2028\"}]");
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1.5e-7, "1.5e-7")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(double.NaN, "null")]
    [InlineData(double.PositiveInfinity, "null")]
    [InlineData(double.NegativeInfinity, "null")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(double.Epsilon, "5e-324")]
    public void Writes_doubles_as_javascript_prints_them(double value, string expected)
    {
        EncodeEvent("n", value).Should().Be($"42[\"n\",{expected}]");
        EncodeEvent("n", new { V = value }).Should().Be($"42[\"n\",{{\"v\":{expected}}}]");
    }

    [Fact]
    public void Writes_negative_zero_as_zero()
    {
        EncodeEvent("n", -0.0, -0.0f, new { Z = -0.0 }).Should().Be("42[\"n\",0,0,{\"z\":0}]");
    }

    [Fact]
    public void Writes_other_numeric_types()
    {
        EncodeEvent("n", 0.1f, 1.10m, long.MaxValue, ulong.MaxValue, (short)-3, (byte)7, 'c', int.MinValue)
            .Should().Be("42[\"n\",0.1,1.1,9223372036854775807,18446744073709551615,-3,7,\"c\",-2147483648]");
        EncodeEvent("n", new { F = 0.1f, M = 1.10m, L = long.MinValue, D = 1e21 })
            .Should().Be("42[\"n\",{\"f\":0.1,\"m\":1.1,\"l\":-9223372036854775808,\"d\":1e+21}]");
    }

    [Fact]
    public void Writes_null_and_booleans_and_nested_arrays()
    {
        EncodeEvent("v", null, true, false, new object?[] { Array.Empty<object?>(), null }).Should().Be("42[\"v\",null,true,false,[[],null]]");
    }

    [Fact]
    public void Re_escapes_client_json_the_javascript_way()
    {
        var inbound = DecodeText("2[\"x\",\"\\u00e9\\/\\ud83d\\ude00\\ud800\\u001F\\u0041\\\"\",{\"\\u006b\":-0,\"n\":1.0E2}]");
        var args = inbound.Data!.Value.EnumerateArray().Skip(1).Select(e => (object?)e).ToArray();

        // Relayed values come out as JSON.parse then JSON.stringify would write them, numbers included.
        EncodeEvent("x", args).Should().Be("42[\"x\",\"é/😀\\ud800\\u001fA\\\"\",{\"k\":0,\"n\":100}]");
    }

    [Fact]
    public void Writes_a_json_document_verbatim()
    {
        using var document = JsonDocument.Parse("{\"b\":[1,2],\"a\":\"z\"}");

        EncodeEvent("d", document).Should().Be("42[\"d\",{\"b\":[1,2],\"a\":\"z\"}]");
    }

    [Fact]
    public void Uses_the_configured_serializer_options()
    {
        var parser = new JsonSocketIoParser(new JsonSocketIoParserOptions { SerializerOptions = new JsonSerializerOptions() });

        Text(parser.Encode(SocketIoPacketType.Event, "/", null, SocketIoPayload.FromEvent("o", new object?[] { new { PascalCase = 1 } })))
            .Should().Be("42[\"o\",{\"PascalCase\":1}]");
    }

    [Fact]
    public void Writes_a_payload_from_a_callback_without_a_closure()
    {
        var messages = Parser.Encode(SocketIoPacketType.Event, "/chat", 3, (Name: "hi", Blob: new byte[] { 1 }), static (writer, state) =>
        {
            writer.WriteStartArray();
            writer.WriteString(state.Name);
            writer.WriteStartObject();
            writer.WritePropertyName("n");
            writer.WriteNumber(1e21);
            writer.WritePropertyName("blob");
            writer.WriteBinary(state.Blob);
            writer.WriteEndObject();
            writer.WriteValue(new object?[] { 1L, "x" });
            writer.WriteEndArray();
        });

        Text(messages).Should().Be("451-/chat,3[\"hi\",{\"n\":1e+21,\"blob\":{\"_placeholder\":true,\"num\":0}},[1,\"x\"]]");
        messages.Should().HaveCount(2);
    }

    [Fact]
    public void Sends_attachments_without_copying()
    {
        var bytes = new byte[] { 1, 2 };
        var messages = Parser.Encode(SocketIoPacketType.Event, "/", null, SocketIoPayload.FromEvent("b", new object?[] { bytes }));

        MemoryMarshalEquals(messages[1].Wire, bytes).Should().BeTrue();
    }

    [Fact]
    public void Writes_the_largest_ack_id()
    {
        Text(Parser.Encode(SocketIoPacketType.Ack, "/", long.MaxValue, SocketIoPayload.FromArguments(Array.Empty<object?>())))
            .Should().Be("439223372036854775807[]");
    }

    [Fact]
    public void Refuses_a_negative_ack_id()
    {
        var act = () => Parser.Encode(SocketIoPacketType.Ack, "/", -1, SocketIoPayload.FromArguments(Array.Empty<object?>()));

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Refuses_binary_outside_events_and_acks()
    {
        var act = () => Parser.Encode(SocketIoPacketType.Connect, "/", null, SocketIoPayload.FromValue(new { Data = new byte[] { 1 } }));

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Writes_a_requested_binary_type_without_binary_as_plain()
    {
        Text(Parser.Encode(SocketIoPacketType.BinaryEvent, "/", null, SocketIoPayload.FromEvent("x", Array.Empty<object?>()))).Should().Be("42[\"x\"]");
    }

    [Fact]
    public void Is_usable_again_after_a_serializer_failure()
    {
        var act = () => Parser.Encode(SocketIoPacketType.Event, "/", null, SocketIoPayload.FromEvent("x", new object?[] { new Throwing(0) }));

        act.Should().Throw<InvalidOperationException>();
        EncodeEvent("x", new byte[] { 1 }, "y").Should().Be("451-[\"x\",{\"_placeholder\":true,\"num\":0},\"y\"]");
    }

    private static bool MemoryMarshalEquals(ReadOnlyMemory<byte> memory, byte[] array) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var segment) && ReferenceEquals(segment.Array, array);

    private sealed record Upload(string Name, byte[] Content, Memory<byte> Extra);

    private sealed class Throwing(int value)
    {
        public int Value => value == 0 ? throw new InvalidOperationException("boom") : value;
    }
}
