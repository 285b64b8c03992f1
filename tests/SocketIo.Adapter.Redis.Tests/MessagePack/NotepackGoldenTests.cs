using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Tests.MessagePack.Support;

namespace SocketIo.Adapter.Redis.Tests.MessagePack;

/// <summary>The real notepack.io 3.0.1's bytes for named JS values (one Node run for the class).</summary>
public sealed class NotepackVectorsFixture : IAsyncLifetime
{
    internal IReadOnlyList<NotepackNode.Vector> Vectors { get; private set; } = [];

    public async Task InitializeAsync() => Vectors = await NotepackNode.VectorsAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}

public class NotepackGoldenTests(NotepackVectorsFixture fixture) : IClassFixture<NotepackVectorsFixture>
{
    private static readonly NotepackCodec Codec = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    [Fact]
    public void Every_node_vector_has_dotnet_forms_and_every_form_a_node_vector()
    {
        var names = fixture.Vectors.Select(v => v.Name).ToHashSet();

        names.Should().BeEquivalentTo(NotepackVectors.All.Keys);
        fixture.Vectors.Should().HaveCountGreaterThan(100);
        NotepackVectors.All.Values.Should().OnlyContain(forms => forms.Length > 0);
    }

    [Fact]
    public void Node_vectors_decode_to_the_value_notepack_decodes_them_to()
    {
        var failures = new List<string>();
        foreach (var vector in fixture.Vectors)
        {
            var decoded = Canonical.Describe(Codec.Decode(Convert.FromHexString(vector.Hex)));
            if (!Canonical.Same(vector.Value, decoded))
            {
                failures.Add($"{vector.Name}: node {Canonical.Show(vector.Value)}, C# {Canonical.Show(decoded)}");
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Every_dotnet_form_encodes_to_notepacks_bytes()
    {
        var failures = new List<string>();
        var checkedForms = 0;
        foreach (var vector in fixture.Vectors)
        {
            var expected = NotepackVectors.WrittenAsFloat64.Contains(vector.Name) ? Float64Hex(NotepackVectors.All[vector.Name][0]) : vector.Hex;
            foreach (var form in NotepackVectors.All[vector.Name])
            {
                checkedForms++;
                var actual = Encode(form);
                if (actual != expected)
                {
                    failures.Add($"{vector.Name} as {form?.GetType().Name ?? "null"}: expected {Shorten(expected)}, got {Shorten(actual)}");
                }
            }
        }

        failures.Should().BeEmpty();
        checkedForms.Should().BeGreaterThan(500);
    }

    [Fact]
    public void Decoding_then_encoding_a_node_vector_reproduces_its_bytes()
    {
        var failures = new List<string>();
        foreach (var vector in fixture.Vectors.Where(v => !NotepackVectors.WrittenAsFloat64.Contains(v.Name)))
        {
            var actual = Encode(Codec.Decode(Convert.FromHexString(vector.Hex)));
            if (actual != vector.Hex)
            {
                failures.Add($"{vector.Name}: expected {Shorten(vector.Hex)}, got {Shorten(actual)}");
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void Integral_numbers_notepack_would_wrap_are_written_as_float64()
    {
        Encode(1e21).Should().Be("cb444b1ae4d6e2ef50");
        Encode(double.MaxValue).Should().Be("cb7fefffffffffffff");
        Encode(-18446744073709551616.0).Should().Be("cbc3f0000000000000");
        Encode(18446744073709549568.0).Should().Be("cffffffffffffff800");
    }

    private static string Encode(object? value)
    {
        var output = new ArrayBufferWriter<byte>();
        Codec.Encode(output, value);
        return NotepackNode.Hex(output.WrittenSpan);
    }

    private static string Float64Hex(object? value)
    {
        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = 0xcb;
        BinaryPrimitives.WriteDoubleBigEndian(bytes[1..], Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
        return NotepackNode.Hex(bytes);
    }

    private static string Shorten(string hex) => hex.Length > 200 ? $"{hex[..200]}… ({hex.Length / 2} bytes)" : hex;
}
