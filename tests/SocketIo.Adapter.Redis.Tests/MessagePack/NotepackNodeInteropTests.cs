using System.Buffers;
using System.Text.Json;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Tests.MessagePack.Support;

namespace SocketIo.Adapter.Redis.Tests.MessagePack;

/// <summary>What the C# codec writes, and hand-made MessagePack, read by the real notepack.io (one Node run for the class).</summary>
public sealed class NotepackNodeDecodeFixture : IAsyncLifetime
{
    internal IReadOnlyList<(DotNetEncodingCases.EncodingCase Case, string Hex, NotepackNode.Decoded Node)> Encoded { get; private set; } = [];

    internal IReadOnlyList<(string Hex, NotepackNode.Decoded Node)> Parity { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var cases = DotNetEncodingCases.All;
        var hexes = cases.Select(c => Encode(c.Value, c.Options)).ToList();
        var items = cases.Select((c, i) => new NotepackNode.DecodeItem(hexes[i], c.Expect))
            .Concat(DecoderParityCases.All.Select(h => new NotepackNode.DecodeItem(h)))
            .ToList();
        var results = await NotepackNode.DecodeAsync(items);
        Encoded = cases.Select((c, i) => (c, hexes[i], results[i])).ToList();
        Parity = DecoderParityCases.All.Select((h, i) => (h, results[cases.Count + i])).ToList();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Encode(object? value, JsonSerializerOptions? options)
    {
        var output = new ArrayBufferWriter<byte>();
        new NotepackCodec(options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web)).Encode(output, value);
        return NotepackNode.Hex(output.WrittenSpan);
    }
}

public class NotepackNodeInteropTests(NotepackNodeDecodeFixture fixture) : IClassFixture<NotepackNodeDecodeFixture>
{
    [Fact]
    public void Node_decodes_what_the_codec_writes_to_the_expected_js_values()
    {
        var failures = new List<string>();
        foreach (var (testCase, hex, node) in fixture.Encoded)
        {
            if (node.Error is not null || !Canonical.Same(node.Expected, node.Value))
            {
                failures.Add($"{testCase.Name}: hex {Short(hex)}; node {node.Error ?? Canonical.Show(node.Value)}; expected {Canonical.Show(node.Expected)}");
            }
        }

        failures.Should().BeEmpty();
        fixture.Encoded.Should().HaveCountGreaterThan(40);
    }

    [Fact]
    public void The_codec_writes_notepacks_bytes_for_the_js_value()
    {
        var failures = fixture.Encoded
            .Where(e => e.Case.SameBytes && e.Hex != e.Node.ExpectedHex)
            .Select(e => $"{e.Case.Name}: C# {Short(e.Hex)}, notepack {Short(e.Node.ExpectedHex ?? "")}")
            .ToList();

        failures.Should().BeEmpty();
    }

    [Fact]
    public void The_codec_reads_hand_made_messagepack_as_notepack_does()
    {
        var codec = new NotepackCodec(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var failures = new List<string>();
        foreach (var (hex, node) in fixture.Parity)
        {
            string actual;
            try
            {
                var described = Canonical.Describe(codec.Decode(Convert.FromHexString(hex)));
                actual = Canonical.Show(described);
                if (node.Error is null && Canonical.Same(node.Value, described))
                {
                    continue;
                }
            }
            catch (MessagePackFormatException e)
            {
                if (node.Error is not null)
                {
                    continue;
                }

                actual = "MessagePackFormatException " + e.Message;
            }

            failures.Add($"{hex}: node {node.Error ?? Canonical.Show(node.Value)}; C# {actual}");
        }

        failures.Should().BeEmpty();
    }

    private static string Short(string hex) => hex.Length > 160 ? hex[..160] + "…" : hex;
}
