using System.Text;
using System.Text.Json;
using SocketIo.Server.Engine;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;
using SocketIo.Server.Tests.Parsing.Support;

namespace SocketIo.Server.Tests.Parsing;

/// <summary>Our parser against vectors the real npm socket.io-parser produced (see interop-tests/tools/parser-golden.mjs).</summary>
public class GoldenVectorTests
{
    private static readonly JsonSocketIoParser Parser = new();

    public static IEnumerable<object[]> EncodedNames() => GoldenVectors.EncodedNames();

    public static IEnumerable<object[]> Texts() => GoldenVectors.Texts("texts");

    public static IEnumerable<object[]> BinaryTexts() => GoldenVectors.Texts("binaryTexts");

    [Theory]
    [MemberData(nameof(EncodedNames))]
    public void Encodes_byte_identically_to_the_reference(string name)
    {
        var vector = GoldenVectors.Encoded(name);
        var input = vector.GetProperty("input");
        var type = (SocketIoPacketType)input.GetProperty("type").GetInt32();
        long? id = input.TryGetProperty("id", out var idElement) ? idElement.GetInt64() : null;
        var data = input.TryGetProperty("data", out var dataElement) ? dataElement : (JsonElement?)null;

        var messages = Parser.Encode(type, input.GetProperty("nsp").GetString()!, id, TaggedValues.ToPayload(type, data));

        Encoding.UTF8.GetString(messages[0].Wire.Span).Should().Be("4" + vector.GetProperty("text").GetString());
        messages[0].IsBinary.Should().BeFalse();
        var attachments = vector.GetProperty("attachments").EnumerateArray().Select(a => Convert.FromBase64String(a.GetString()!)).ToList();
        messages.Skip(1).Select(m => m.Wire.ToArray()).Should().BeEquivalentTo(attachments, o => o.WithStrictOrdering());
        messages.Skip(1).All(m => m.IsBinary).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(EncodedNames))]
    public void Decodes_reference_encodings_to_the_same_values(string name)
    {
        var vector = GoldenVectors.Encoded(name);
        var attachments = vector.GetProperty("attachments").EnumerateArray().Select(a => Convert.FromBase64String(a.GetString()!)).ToList();

        var packet = Decode(vector.GetProperty("text").GetString()!, attachments);

        ShouldMatch(packet, vector.GetProperty("decoded"));
    }

    [Theory]
    [MemberData(nameof(EncodedNames))]
    public void Re_encodes_a_decoded_reference_packet_byte_identically(string name)
    {
        var vector = GoldenVectors.Encoded(name);
        var text = vector.GetProperty("text").GetString()!;
        var attachments = vector.GetProperty("attachments").EnumerateArray().Select(a => Convert.FromBase64String(a.GetString()!)).ToList();
        var packet = Decode(text, attachments);

        // Echoing what a client sent: the parsed JSON (placeholders included) goes out as it came in.
        var messages = JsonSocketIoParser.EncodeJson(packet.Type, packet.Namespace, packet.AckId, Stringify(packet.Data), packet.Attachments);

        Encoding.UTF8.GetString(messages[0].Wire.Span).Should().Be("4" + text);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Accepts_and_rejects_client_texts_as_the_reference_does(string text)
    {
        var result = GoldenVectors.Text("texts", text).GetProperty("result");
        if (text == "4 1")
        {
            // Deliberately stricter: the reference reads the space as ack id digits (Number(" ") is 0).
            result.GetProperty("id").GetInt64().Should().Be(1);
            Invoking(text).Should().Throw<SocketIoParseException>().WithMessage("invalid payload");
            return;
        }

        if (result.TryGetProperty("error", out var error))
        {
            Invoking(text).Should().Throw<SocketIoParseException>()
                .Which.Message.Should().Match(m => error.GetString()!.StartsWith(m, StringComparison.Ordinal));
            return;
        }

        var decoder = Parser.CreateDecoder();
        var packet = decoder.Add(Encoding.UTF8.GetBytes(text), isBinary: false);
        if (result.TryGetProperty("incomplete", out _))
        {
            packet.Should().BeNull();
            return;
        }

        ShouldMatch(packet!, result);
    }

    [Theory]
    [MemberData(nameof(BinaryTexts))]
    public void Checks_placeholders_as_the_reference_does(string text)
    {
        var vector = GoldenVectors.Text("binaryTexts", text);
        var attachments = vector.GetProperty("attachments").EnumerateArray().Select(a => Convert.FromBase64String(a.GetString()!)).ToList();
        var result = vector.GetProperty("result");

        if (result.TryGetProperty("error", out var error))
        {
            var act = () => Decode(text, attachments);
            act.Should().Throw<SocketIoParseException>().WithMessage(error.GetString());
            return;
        }

        ShouldMatch(Decode(text, attachments), result);
    }

    private static Action Invoking(string text) => () => Parser.CreateDecoder().Add(Encoding.UTF8.GetBytes(text), isBinary: false);

    private static SocketIoPacket Decode(string text, IReadOnlyList<byte[]> attachments)
    {
        var decoder = Parser.CreateDecoder();
        var packet = decoder.Add(Encoding.UTF8.GetBytes(text), isBinary: false);
        foreach (var attachment in attachments)
        {
            packet.Should().BeNull();
            packet = decoder.Add(attachment, isBinary: true);
        }

        packet.Should().NotBeNull();
        return packet!;
    }

    private static byte[] Stringify(JsonElement? data)
    {
        if (data is not { } element)
        {
            return [];
        }

        return Parser.Encode(SocketIoPacketType.Connect, "/", null, element, static (writer, e) => writer.WriteElement(e))[0].Wire[2..].ToArray();
    }

    private static void ShouldMatch(SocketIoPacket packet, JsonElement expected)
    {
        packet.Type.Should().Be((SocketIoPacketType)expected.GetProperty("type").GetInt32());
        packet.Namespace.Should().Be(expected.GetProperty("nsp").GetString());
        packet.AckId.Should().Be(expected.TryGetProperty("id", out var id) ? id.GetInt64() : null);
        if (!expected.TryGetProperty("data", out var data))
        {
            packet.Data.Should().BeNull();
            return;
        }

        packet.Data.Should().NotBeNull();
        TaggedValues.DecodedMatches(packet.Data!.Value, packet.Attachments, data, out var why).Should().BeTrue(why);
    }
}
