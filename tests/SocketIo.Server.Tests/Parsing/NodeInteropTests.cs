using System.Text;
using FsCheck.Fluent;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;
using SocketIo.Server.Tests.Parsing.Support;

namespace SocketIo.Server.Tests.Parsing;

/// <summary>The real npm socket.io-parser decodes what we encode (interop-tests/tools/parser-decode.mjs).</summary>
public class NodeInteropTests
{
    private static readonly JsonSocketIoParser Parser = new(new JsonSocketIoParserOptions { MaxAttachments = 1000 });

    [Fact]
    public async Task Reference_decoder_reads_our_encodings_as_the_values_we_encoded()
    {
        var samples = PacketSamples.Packets.Where(p => !TooManyAttachments(p)).Sample(300, 400).ToList();
        samples.AddRange(HandPicked());
        var encoded = samples.Select(sample =>
        {
            var messages = Parser.Encode(sample.Type, sample.Namespace, sample.AckId, sample.Payload);
            return (Encoding.UTF8.GetString(messages[0].Wire.Span[1..]), messages.Skip(1).Select(m => m.Wire.ToArray()).ToArray());
        }).ToList();

        var decoded = await NodeSocketIoParser.DecodeAsync(encoded);

        decoded.Should().HaveCount(samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            var result = decoded[i];
            var because = $"{sample} was encoded as {encoded[i].Item1} and Node read {result}";
            result.TryGetProperty("error", out _).Should().BeFalse(because);
            result.GetProperty("type").GetInt32().Should().Be((int)sample.Type, because);
            result.GetProperty("nsp").GetString().Should().Be(sample.Namespace.Length == 0 ? "/" : sample.Namespace, because);
            if (sample.AckId is { } id)
            {
                result.GetProperty("id").GetDouble().Should().Be(id, because);
            }
            else
            {
                result.TryGetProperty("id", out _).Should().BeFalse(because);
            }

            if (sample.ExpectedData is { } data)
            {
                TaggedValues.ArgumentMatches(data, result.GetProperty("data")).Should().BeTrue(because);
            }
            else
            {
                result.TryGetProperty("data", out _).Should().BeFalse(because);
            }
        }
    }

    private static bool TooManyAttachments(PacketSample sample) =>
        Parser.Encode(sample.Type, sample.Namespace, sample.AckId, sample.Payload).Length > 11;

    private static IEnumerable<PacketSample> HandPicked()
    {
        yield return new(SocketIoPacketType.Event, "/", null, "numbers", [0.0, -0.0, 1e21, 1e-7, 0.1, 1.5e-7, double.NaN, double.MaxValue, double.Epsilon, 9007199254740993L]);
        yield return new(SocketIoPacketType.Event, "/ünï€😀", 9007199254740991, "strings", ["\ud800", "a\udc00", "😀", "\u2028\u2029", "\"\\/\b\f\n\r\t\0\u001f\u007f"]);
        yield return new(SocketIoPacketType.Ack, "/admin", 0, null, [new byte[] { 1, 2, 3 }, new object?[] { Array.Empty<byte>(), new Dictionary<string, object?> { ["\n"] = new byte[] { 255 } } }]);
        yield return new(SocketIoPacketType.ConnectError, "/random", null, null, [new Dictionary<string, object?> { ["message"] = "Invalid namespace" }]);
    }
}
