using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Tests.MessagePack.Support;

namespace SocketIo.Adapter.Redis.Tests.MessagePack;

public class NotepackEncoderTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static TheoryData<string, object, JsonSerializerOptions> ObjectsAndOptions => new()
    {
        { "record", new Person("Ann", 42, [1.5, 2], new Dictionary<string, object?> { ["k"] = "v", ["n"] = null }), Web },
        { "record, default options", new Person("Ann", 42, [1.5, 2], []), new JsonSerializerOptions() },
        { "snake case", new Person("Ann", 42, [], []), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseUpper } },
        { "ignore null", new Maybes(null, null, 0), new JsonSerializerOptions(Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull } },
        { "ignore default", new Maybes(null, 0, 0), new JsonSerializerOptions(Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault } },
        { "ignore default, set", new Maybes("x", 1, 2), new JsonSerializerOptions(Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault } },
        { "attributes", new Attributed(), Web },
        { "attributes, read-only ignored", new Attributed(), new JsonSerializerOptions(Web) { IgnoreReadOnlyProperties = true } },
        { "numbers as strings", new Person("Ann", 42, [1.5], []), new JsonSerializerOptions(Web) { NumberHandling = JsonNumberHandling.WriteAsString } },
        { "named float literals", new Floats(double.NaN, double.PositiveInfinity, 1.5f), new JsonSerializerOptions(Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals } },
        { "enums by options", new Attributed(), new JsonSerializerOptions(Web) { Converters = { new JsonStringEnumConverter() } } },
        { "polymorphic member", new Zoo([new Cat { Name = "c", Lives = 9 }, new Pet { Name = "p" }]), Web },
        { "anonymous", new { Id = Guid.Empty, When = TimeSpan.FromHours(1), Day = new DateOnly(2020, 1, 1), Nested = new { A = new[] { 1, 2 } } }, Web },
        { "collections", new { Set = new SortedSet<string> { "b", "a" }, Map = new SortedDictionary<string, int> { ["b"] = 1 }, Ints = new Dictionary<int, bool> { [3] = true } }, Web },
        { "integer-like names", new Dictionary<string, object?> { ["b"] = 1, ["2"] = 2, ["1"] = 3 }, Web },
    };

    [Theory]
    [MemberData(nameof(ObjectsAndOptions))]
    public void Objects_encode_as_the_json_their_contract_serializes_to(string name, object value, JsonSerializerOptions options)
    {
        var json = JsonSerializer.SerializeToElement(value, value.GetType(), options);

        var decoded = new NotepackCodec(options).Decode(Encode(value, options));

        Canonical.Show(Canonical.Describe(decoded)).Should().Be(Canonical.Show(Canonical.Describe(FromJson(json))), name);
    }

    [Fact]
    public void Binary_and_date_members_stay_bin_and_timestamps()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        var decoded = new NotepackCodec(Web).Decode(Encode(new { Data = new byte[] { 1 }, Memory = new ReadOnlyMemory<byte>([2]), At = at, List = new List<object> { new byte[] { 3 } } }, Web));

        decoded.Should().BeEquivalentTo(new Dictionary<string, object?>
        {
            ["data"] = new byte[] { 1 },
            ["memory"] = new byte[] { 2 },
            ["at"] = at,
            ["list"] = new object?[] { new byte[] { 3 } },
        });
    }

    [Fact]
    public void Reference_cycles_throw_instead_of_overflowing_the_stack()
    {
        var cycle = new List<object>();
        cycle.Add(cycle);
        var node = new Node();
        node.Next = node;

        var encodingList = () => Encode(cycle, Web);
        var encodingObject = () => Encode(node, Web);

        encodingList.Should().Throw<InvalidOperationException>().WithMessage("*1000*");
        encodingObject.Should().Throw<InvalidOperationException>().WithMessage("*1000*");
    }

    [Fact]
    public void Does_not_change_the_servers_options()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        Encode(new Person("a", 1, [], []), options);

        options.IsReadOnly.Should().BeFalse();
    }

    [Fact]
    public void Writes_large_values_across_buffer_segments()
    {
        var output = new ArrayBufferWriter<byte>(1);
        var value = new object?[] { new string('x', 70_000), new byte[70_000], Enumerable.Range(0, 70_000).ToArray() };

        new NotepackCodec(Web).Encode(output, value);

        var decoded = (object?[])new NotepackCodec(Web).Decode(output.WrittenMemory)!;
        decoded[0].Should().Be(new string('x', 70_000));
        ((byte[])decoded[1]!).Should().HaveCount(70_000);
        ((object?[])decoded[2]!).Should().HaveCount(70_000).And.EndWith(69_999L);
    }

    private static byte[] Encode(object? value, JsonSerializerOptions options)
    {
        var output = new ArrayBufferWriter<byte>();
        new NotepackCodec(options).Encode(output, value);
        return output.WrittenSpan.ToArray();
    }

    // What JSON.parse gives, in the codec's decoded form: numbers as doubles, keys in JS order.
    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => JsOrder(element.EnumerateObject().Select(p => (p.Name, FromJson(p.Value)))),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToArray(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => double.Parse(element.GetRawText(), CultureInfo.InvariantCulture),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static Dictionary<string, object?> JsOrder(IEnumerable<(string Key, object? Value)> members)
    {
        var list = members.ToList();
        var indexes = list.Where(m => uint.TryParse(m.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i != uint.MaxValue && i.ToString(CultureInfo.InvariantCulture) == m.Key)
            .OrderBy(m => uint.Parse(m.Key, CultureInfo.InvariantCulture)).ToList();
        var result = new Dictionary<string, object?>();
        foreach (var (key, value) in indexes.Concat(list.Except(indexes)))
        {
            result[key] = value;
        }

        return result;
    }

    public sealed record Person(string Name, int Age, double[] Scores, Dictionary<string, object?> Tags);

    public sealed record Maybes(string? Text, int? Maybe, int Count);

    public sealed record Floats(double NotANumber, double Infinite, float Narrow);

    public sealed record Zoo(IReadOnlyList<Pet> Pets);

    [JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
    [JsonDerivedType(typeof(Pet), "pet")]
    [JsonDerivedType(typeof(Cat), "cat")]
    public class Pet
    {
        public string Name { get; set; } = "";
    }

    public sealed class Cat : Pet
    {
        public int Lives { get; set; }
    }

    public sealed class Node
    {
        public Node? Next { get; set; }
    }

    public sealed class Attributed
    {
        private readonly int _computed = 3;

        [JsonPropertyName("x-name")]
        public string Name { get; set; } = "n";

        [JsonPropertyOrder(-1)]
        public int First { get; set; } = 1;

        public int Computed => _computed;

        [JsonInclude]
        public int Included { get; private set; } = 4;

        public DayOfWeek Day { get; set; } = DayOfWeek.Sunday;

        [JsonConverter(typeof(JsonStringEnumConverter<DayOfWeek>))]
        public DayOfWeek NamedDay { get; set; } = DayOfWeek.Monday;

        [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
        public long Big { get; set; } = 9007199254740993;

        [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
        public string? AlwaysThere { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement> Rest { get; set; } = new() { ["rest"] = JsonDocument.Parse("[1]").RootElement };
    }
}
