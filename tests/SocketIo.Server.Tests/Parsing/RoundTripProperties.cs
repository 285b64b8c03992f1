using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using SocketIo.Server.Engine;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;
using SocketIo.Server.Tests.Parsing.Support;

namespace SocketIo.Server.Tests.Parsing;

public class RoundTripProperties
{
    private static readonly JsonSocketIoParser Parser = new(new JsonSocketIoParserOptions { MaxAttachments = 1000 });

    private static SocketIoPacket Decode(EngineMessage[] messages)
    {
        var decoder = Parser.CreateDecoder();
        SocketIoPacket? packet = null;
        foreach (var message in messages)
        {
            packet.Should().BeNull();
            packet = decoder.Add(message.IsBinary ? message.Wire : message.Wire[1..], message.IsBinary);
        }

        return packet!;
    }

    [Fact]
    public void Decoding_an_encoded_packet_gives_back_the_packet()
    {
        Prop.ForAll(PacketSamples.Packets.ToArbitrary(), sample =>
        {
            var packet = Decode(Parser.Encode(sample.Type, sample.Namespace, sample.AckId, sample.Payload));

            var expectedNamespace = sample.Namespace.Length == 0 ? "/" : sample.Namespace;
            var sameData = sample.ExpectedData is { } data
                ? packet.Data is { } json && TaggedValues.RoundTripped(data, json, packet.Attachments)
                : packet.Data is null;
            return packet.Type == sample.Type && packet.Namespace == expectedNamespace && packet.AckId == sample.AckId && sameData;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Echoing_a_decoded_packet_reproduces_its_bytes()
    {
        Prop.ForAll(PacketSamples.Packets.ToArbitrary(), sample =>
        {
            var messages = Parser.Encode(sample.Type, sample.Namespace, sample.AckId, sample.Payload);
            var packet = Decode(messages);

            var echoed = JsonSocketIoParser.EncodeJson(packet.Type, packet.Namespace, packet.AckId, Stringify(packet.Data), packet.Attachments);

            return echoed[0].Wire.Span.SequenceEqual(messages[0].Wire.Span) && echoed.Length == messages.Length;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_text_either_decodes_or_throws_the_parse_exception()
    {
        var texts = Gen.Frequency(
            (1, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)),
            (3, Gen.Zip(Gen.Elements("0", "1", "2", "3", "4", "5", "6", "51-", "52-", "2/a,", "212"), PacketSamples.Strings).Select(p => p.Item1 + p.Item2)),
            (3, PacketSamples.Packets.Select(p => Encoding.UTF8.GetString(Parser.Encode(p.Type, p.Namespace, p.AckId, p.Payload)[0].Wire.Span[1..]))
                .SelectMany(t => Gen.Choose(0, t.Length).Select(cut => t[..cut]))));
        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            try
            {
                Parser.CreateDecoder().Add(Encoding.UTF8.GetBytes(text), isBinary: false);
            }
            catch (SocketIoParseException)
            {
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Formatted_doubles_parse_back_to_the_same_value()
    {
        Prop.ForAll(PacketSamples.Doubles.Where(double.IsFinite).ToArbitrary(), value =>
        {
            var bytes = new byte[JsNumberFormatter.MaxLength];
            var length = JsNumberFormatter.Format(value, bytes);
            var text = Encoding.ASCII.GetString(bytes, 0, length);
            return double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) == value
                && !text.Contains('E', StringComparison.Ordinal)
                && (value != 0 || text == "0");
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] Stringify(JsonElement? data) =>
        data is { } element
            ? Parser.Encode(SocketIoPacketType.Connect, "/", null, element, static (writer, e) => writer.WriteElement(e))[0].Wire[2..].ToArray()
            : [];
}
