using System.Buffers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using SocketIo.Server.Engine;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;
using SocketIo.Server.Tests.Parsing.Support;

namespace SocketIo.Server.Tests.Parsing;

/// <summary>
/// The allocation-free codec paths against the allocating ones they replace: encoding into a caller's buffer, the
/// event name read from the raw payload, and the one-pass payload validation against the rules on a parsed tree.
/// </summary>
public class CodecProperties
{
    private const int SmallDepth = 3;

    private static readonly JsonSocketIoParser Parser = new(new JsonSocketIoParserOptions { MaxAttachments = 1000 });
    private static readonly JsonSocketIoParser ShallowParser = new(new JsonSocketIoParserOptions { MaxDepth = SmallDepth });

    private static readonly string[] PayloadFragments =
    [
        "[", "]", "{", "}", ",", ":", "\"a\"", "\"\"", "1", "-2.5e3", "true", "null", " ", "\n", "x",
        "\"connect\"", "\"conn\\u0065ct\"", "\"disconnecting\"", "\"newListener\"", "\"removeListener\"",
        "\"connect_error\"", "\"disconnect\"", "\"error\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"", "\"caf\\u00e9\"", "\"\\\"\"", "\"k\":", "\"\\ud800\":", "\"\\ud83d\\ude00\":", "\"_placeholder\":",
        "[[[", "]]]", "{\"a\":{\"b\":", "}}", "\"é\"", "\"\u00ff\"", "01", "1.", "[]", "{}", "\"\\u\"",
    ];

    private const int PlaceholderDepth = 5;

    private static readonly JsonSocketIoParser PlaceholderParser = new(new JsonSocketIoParserOptions { MaxDepth = PlaceholderDepth });

    private static readonly Gen<string> Placeholders = Gen.Elements(
        "{\"_placeholder\":true,\"num\":0}", "{\"num\":1,\"_placeholder\":true}", "{\"_placeholder\":true,\"num\":1.0}",
        "{\"_placeholder\":true,\"num\":1e0}", "{\"_placeholder\":true,\"num\":-0}", "{\"_placeholder\":true,\"num\":-1}",
        "{\"_placeholder\":true,\"num\":2}", "{\"_placeholder\":true,\"num\":0.5}", "{\"_placeholder\":true,\"num\":1e400}",
        "{\"_placeholder\":true,\"num\":\"0\"}", "{\"_placeholder\":true,\"num\":[0]}", "{\"_placeholder\":true,\"num\":{}}",
        "{\"_placeholder\":true}", "{\"_placeholder\":false,\"num\":99}", "{\"_placeholder\":1,\"num\":99}",
        "{\"_placeholder\":true,\"num\":0,\"_placeholder\":false}", "{\"_placeholder\":false,\"num\":9,\"_placeholder\":true}",
        "{\"_placeholder\":true,\"num\":9,\"num\":0}", "{\"_placeholder\":true,\"num\":0,\"num\":9}",
        "{\"_placeholder\":true,\"num\":0,\"x\":{\"_placeholder\":true,\"num\":9}}", "{\"\\u005fplaceholder\":true,\"n\\u0075m\":0}",
        "{\"_placeholder\":{\"_placeholder\":true,\"num\":9},\"num\":0}", "{\"x\":{\"_placeholder\":true,\"num\":9}}",
        "1", "null", "true");

    private static readonly Gen<string> Strings = Gen.Elements("\"a\"", "\"\"", "\"connect\"", "\"conn\\u0065ct\"", "\"newListener\"", "\"removeListener\"",
            "\"disconnecting\"", "\"error\"", "\"\\ud800\"", "\"x\\udc00\"", "\"\\ud83d\\ude00\"", "\"caf\\u00e9\"", "\"\u00e9\"", "\"\\\"\"");

    [Fact]
    public void Encoding_into_a_buffer_writes_the_text_of_the_messages()
    {
        Prop.ForAll(PacketSamples.Packets.ToArbitrary(), sample =>
        {
            var messages = Parser.Encode(sample.Type, sample.Namespace, sample.AckId, sample.Payload);
            var wire = new ArrayBufferWriter<byte>(1);
            wire.Write("left over"u8);
            var start = wire.WrittenCount;

            var attachments = Parser.EncodeTo(wire, sample.Type, sample.Namespace, sample.AckId, sample.Payload);

            return wire.WrittenSpan[start..].SequenceEqual(messages[0].Wire.Span)
                && attachments.Length == messages.Length - 1
                && attachments.Select((a, i) => a.Span.SequenceEqual(messages[i + 1].Wire.Span)).All(same => same);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Encoding_written_json_into_a_buffer_writes_the_text_of_the_messages()
    {
        var json = "[\"chat\",{\"_placeholder\":true,\"num\":0}]"u8.ToArray();
        foreach (var (nsp, ackId, attachments) in new[] { ("/", (long?)null, 0), ("/chat", 0L, 1), ("", 123456789012L, 12) })
        {
            var messages = JsonSocketIoParser.EncodeJson(SocketIoPacketType.Event, nsp, ackId, json, Enumerable.Repeat(new ReadOnlyMemory<byte>([1]), attachments).ToArray());
            var wire = new ArrayBufferWriter<byte>(1);

            JsonSocketIoParser.EncodeJsonTo(wire, SocketIoPacketType.Event, nsp, ackId, json, attachments);

            wire.WrittenSpan.ToArray().Should().Equal(messages[0].Wire.ToArray());
        }
    }

    [Fact]
    public void A_decoded_event_gives_back_its_name_as_the_registered_string()
    {
        Prop.ForAll(PacketSamples.Packets.Where(p => p.Type == SocketIoPacketType.Event).ToArbitrary(), sample =>
        {
            var packet = Decode(Parser.Encode(sample.Type, sample.Namespace, sample.AckId, sample.Payload));
            var listeners = new ListenerSet();
            var registered = new string(sample.EventName!.AsSpan());
            listeners.Add(registered, (Action)(() => { }));
            var buffer = new char[packet.EventNameMaxLength];

            return packet.GetEventName() == sample.EventName
                && new string(buffer, 0, packet.CopyEventName(buffer)) == sample.EventName
                && ReferenceEquals(listeners.EventNameOf(packet), registered)
                && new ListenerSet().EventNameOf(packet) == sample.EventName;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_one_pass_validation_accepts_what_the_json_tree_rules_accept()
    {
        var broken = from json in JsonText(4)
                     from fragment in Gen.Elements(PayloadFragments)
                     from at in Gen.Choose(0, 100)
                     select json.Insert(at * json.Length / 100, fragment);
        var payloads = Gen.Frequency((3, JsonText(4)), (2, broken), (1, Gen.ArrayOf(Gen.Elements(PayloadFragments)).Select(string.Concat)))
            .Where(p => p.Length > 0 && !char.IsAsciiDigit(p[0]) && p[0] != '/');
        var events = from name in Gen.Frequency((4, Strings), (1, JsonText(1)))
                     from arguments in Gen.ArrayOf(JsonText(3))
                     select (SocketIoPacketType.Event, "[" + string.Join(",", arguments.Prepend(name)) + "]");
        var texts = Gen.Frequency(
            (3, Gen.Zip(Gen.Elements(SocketIoPacketType.Connect, SocketIoPacketType.Disconnect, SocketIoPacketType.Event, SocketIoPacketType.Ack, SocketIoPacketType.ConnectError), payloads)),
            (1, events));
        Prop.ForAll(texts.ToArbitrary(), sample =>
        {
            var (type, payload) = sample;
            var expected = TreeRulesAccept(type, Encoding.UTF8.GetBytes(payload));
            bool accepted;
            try
            {
                var packet = ShallowParser.CreateDecoder().Add(Encoding.UTF8.GetBytes((char)('0' + (int)type) + payload), isBinary: false)!;
                accepted = packet.Payload.Span.SequenceEqual(Encoding.UTF8.GetBytes(payload));
            }
            catch (SocketIoParseException)
            {
                accepted = false;
            }

            return (accepted == expected).Label($"{type} {payload}: expected {(expected ? "accepted" : "refused")}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void The_one_pass_placeholder_check_accepts_what_the_json_tree_rules_accept()
    {
        var texts = from attachments in Gen.Choose(1, 2)
                    from arguments in Gen.ArrayOf(JsonText(3, Placeholders))
                    from broken in Gen.Frequency((5, Gen.Constant(string.Empty)), (1, Gen.Elements(PayloadFragments)))
                    from type in Gen.Elements(SocketIoPacketType.BinaryEvent, SocketIoPacketType.BinaryAck)
                    select (type, attachments, (type == SocketIoPacketType.BinaryEvent ? "[\"e\"," : "[") + string.Join(",", arguments) + broken + "]");
        Prop.ForAll(texts.ToArbitrary(), sample =>
        {
            var (type, attachments, payload) = sample;
            var expected = TreeRulesAccept(type, Encoding.UTF8.GetBytes(payload), PlaceholderDepth)
                && PlaceholdersAccepted(Encoding.UTF8.GetBytes(payload), attachments);
            bool accepted;
            try
            {
                accepted = PlaceholderParser.CreateDecoder().Add(Encoding.UTF8.GetBytes($"{(int)type}{attachments}-{payload}"), isBinary: false) is null;
            }
            catch (SocketIoParseException)
            {
                accepted = false;
            }

            return (accepted == expected).Label($"{type} {attachments} {payload}: expected {(expected ? "accepted" : "refused")}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    /// <summary>JSON-like text with the strings, names and nesting the rules care about.</summary>
    private static Gen<string> JsonText(int depth) => JsonText(depth, Gen.Elements("1", "-0.5", "1e400", "true", "false", "null"));

    private static Gen<string> JsonText(int depth, Gen<string> others)
    {
        var strings = Strings;
        var leaf = Gen.Frequency((4, strings), (2, others));
        if (depth == 0)
        {
            return leaf;
        }

        var child = Gen.Sized(size => JsonText(depth - 1, others).Resize(size / 2));
        var array = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(child, n)).Select(items => "[" + string.Join(",", items) + "]");
        var member = Gen.Zip(strings, child).Select(m => m.Item1 + ":" + m.Item2);
        var obj = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(member, n)).Select(members => "{" + string.Join(",", members) + "}");
        return Gen.Frequency((2, leaf), (3, array), (2, obj));
    }

    private static SocketIoPacket Decode(EngineMessage[] messages)
    {
        var decoder = Parser.CreateDecoder();
        SocketIoPacket? packet = null;
        foreach (var message in messages)
        {
            packet = decoder.Add(message.IsBinary ? message.Wire : message.Wire[1..], message.IsBinary);
        }

        return packet!;
    }

    /// <summary>The reference's placeholder rule as the decoder applied it on a parsed tree.</summary>
    private static bool PlaceholdersAccepted(byte[] json, int attachmentCount)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = PlaceholderDepth });
        return PlaceholdersAccepted(JsonElement.ParseValue(ref reader), attachmentCount);
    }

    private static bool PlaceholdersAccepted(JsonElement element, int attachmentCount) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().All(item => PlaceholdersAccepted(item, attachmentCount)),
        JsonValueKind.Object when SocketIoPlaceholder.IsMarked(element) => SocketIoPlaceholder.TryGetIndex(element, attachmentCount, out _),
        JsonValueKind.Object => element.EnumerateObject().All(property => PlaceholdersAccepted(property.Value, attachmentCount)),
        _ => true,
    };

    /// <summary>The rules as the decoder applied them on a parsed tree before it validated in one pass.</summary>
    private static bool TreeRulesAccept(SocketIoPacketType type, byte[] json, int maxDepth = SmallDepth)
    {
        if (type == SocketIoPacketType.Disconnect || json[0] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            return false;
        }

        JsonElement element;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
            element = JsonElement.ParseValue(ref reader);
            if (reader.Read())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        var shaped = type switch
        {
            SocketIoPacketType.Connect => element.ValueKind == JsonValueKind.Object,
            SocketIoPacketType.ConnectError => element.ValueKind is JsonValueKind.Object or JsonValueKind.String,
            SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent => element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > 0 && IsEventName(element[0]),
            SocketIoPacketType.Ack or SocketIoPacketType.BinaryAck => element.ValueKind == JsonValueKind.Array,
            _ => false,
        };
        return shaped && !JsonStringEscapes.HasLoneSurrogateInNames(element);
    }

    private static bool IsEventName(JsonElement name) =>
        name.ValueKind == JsonValueKind.Number
        || (name.ValueKind == JsonValueKind.String && !JsonStringEscapes.HasLoneSurrogate(name)
            && !new[] { "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener" }.Any(r => name.ValueEquals(r)));
}
