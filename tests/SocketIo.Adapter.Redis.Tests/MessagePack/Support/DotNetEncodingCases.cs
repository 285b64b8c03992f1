using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SocketIo.Adapter.Redis.MessagePack;
using static SocketIo.Adapter.Redis.Tests.MessagePack.Support.NotepackNode;

namespace SocketIo.Adapter.Redis.Tests.MessagePack.Support;

/// <summary>
/// .NET values the codec encodes for Node, each with the JS value Node must decode (a JS expression). Unless
/// <see cref="EncodingCase.SameBytes"/> is false, the codec's bytes must also be notepack's bytes for that JS value.
/// </summary>
internal static class DotNetEncodingCases
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<EncodingCase> All { get; } = Build();

    private static List<EncodingCase> Build()
    {
        var at = DateTimeOffset.Parse("2024-01-02T03:04:05.678Z", CultureInfo.InvariantCulture);
        var cases = new List<EncodingCase>
        {
            new("record with binary members", new Message("m", [1, 2, 3], at, [1, 2], new() { ["x"] = null }),
                "({name: 'm', payload: Buffer.from([1, 2, 3]), at: new Date('2024-01-02T03:04:05.678Z'), counts: [1, 2], meta: {x: null}})"),
            new("contract rules", new Contract(),
                "({renamed: 1, notNull: 'x', day: 'Tuesday', dayNumber: 2, id: '00000000-0000-0000-0000-000000000001', span: '00:00:01.5000000', date: '2024-02-29', readOnly: 7, blob: Buffer.from([9]), last: true, extra1: 1, extra2: 'two'})"),
            new("derived value at the top (its runtime contract, as the server's JSON)", new Derived { Base = 1, Extra = 2 } as Animal,
                "({extra: 2, base: 1})"),
            new("polymorphic member", new { pet = (Animal)new Derived { Base = 1, Extra = 2 } },
                "({pet: {$type: 'derived', extra: 2, base: 1}})"),
            new("base-typed member holding a derived value", new Holder(new Plain2 { A = 1, B = 2 }), "({value: {a: 1}})"),
            new("object-typed member holding a derived value", new { value = (object)new Plain2 { A = 1, B = 2 } }, "({value: {b: 2, a: 1}})"),
            new("camel case off", new Contract2(1), "({Value: 1})", new JsonSerializerOptions()),
            new("snake case", new { SomeValue = 1, Nested = new { InnerValue = 2 } }, "({some_value: 1, nested: {inner_value: 2}})",
                new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }),
            new("default ignore when writing null", new Nullables(null, 0, null), "({b: 0})",
                new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull }),
            new("default ignore when writing default", new Nullables(null, 0, 0), "({c: 0})",
                new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault }),
            new("ignore read-only properties", new ReadOnlyMembers(), "({writable: 1, readOnlyField: 4, field: 3})",
                new JsonSerializerOptions(JsonSerializerDefaults.Web) { IgnoreReadOnlyProperties = true, IncludeFields = true }),
            new("include fields", new ReadOnlyMembers(), "({writable: 1, readOnly: 2, readOnlyField: 4, field: 3})",
                new JsonSerializerOptions(JsonSerializerDefaults.Web) { IncludeFields = true }),
            new("ignore read-only fields", new ReadOnlyMembers(), "({writable: 1, readOnly: 2, field: 3})",
                new JsonSerializerOptions(JsonSerializerDefaults.Web) { IgnoreReadOnlyFields = true, IncludeFields = true }),
            new("numbers written as strings", new { n = 1, list = new[] { 1, 2 }, inner = new { m = 1.5 } }, "({n: '1', list: ['1', '2'], inner: {m: '1.5'}})",
                new JsonSerializerOptions(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.WriteAsString }),
            new("enum as string by options", DayOfWeek.Friday, "'friday'",
                new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } }),
            new("enum as number", DayOfWeek.Friday, "5"),
            new("guid", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), "'0f8fad5b-d9cb-469f-a165-70867728950e'"),
            new("timespan", TimeSpan.FromMinutes(90), "'01:30:00'"),
            new("uri", new Uri("https://example.com/a?b=c"), "'https://example.com/a?b=c'"),
            new("value tuple without fields", (1, "a"), "({})"),
            new("json element numbers", Json("[1.0, 1e2, 123456789012345678901234567890, -0, 0.1, 1e400, 9007199254740993, -9223372036854775808]"),
                "[1, 100, 123456789012345678901234567890, 0, 0.1, Infinity, 9007199254740992, -(2 ** 63)]", SameBytes: false),
            new("json element with escapes", Json("{\"a\\\"b\":\"c\\n\\u00e9\\ud83d\\ude00\",\"lone\":\"x\\ud800y\"}"),
                "({'a\"b': 'c\\né😀', lone: 'x\\ufffdy'})"),
            new("json node with binary", new JsonObject { ["a"] = JsonValue.Create(new byte[] { 1, 2 }), ["b"] = new JsonArray(1, "x", null), ["c"] = JsonValue.Create(at) },
                "({a: Buffer.from([1, 2]), b: [1, 'x', null], c: new Date('2024-01-02T03:04:05.678Z')})"),
            new("json node parsed", JsonNode.Parse("{\"n\":1.5,\"s\":[true]}"), "({n: 1.5, s: [true]})"),
            new("dates", new object[]
            {
                at, at.ToOffset(TimeSpan.FromHours(-8)), at.UtcDateTime, DateTimeOffset.UnixEpoch.AddTicks(-1), DateTimeOffset.MinValue, DateTimeOffset.MaxValue,
            }, "[new Date('2024-01-02T03:04:05.678Z'), new Date('2024-01-02T03:04:05.678Z'), new Date('2024-01-02T03:04:05.678Z'), new Date(-1), new Date('0001-01-01T00:00:00.000Z'), new Date('9999-12-31T23:59:59.999Z')]"),
            new("local date time", LocalDate(), $"new Date({JsDate.ToUnixMilliseconds(LocalDate())})"),
            new("dictionaries", new object[]
            {
                new Dictionary<string, byte[]> { ["a"] = [1] },
                new Dictionary<int, string> { [1] = "a", [20] = "b" },
                new Dictionary<DayOfWeek, int> { [DayOfWeek.Monday] = 1 },
                new Dictionary<string, object?> { ["gone"] = MessagePackUndefined.Value, ["kept"] = null },
                new SortedList<string, DateTimeOffset> { ["t"] = at },
            }, "[{a: Buffer.from([1])}, {1: 'a', 20: 'b'}, {Monday: 1}, {kept: null}, {t: new Date('2024-01-02T03:04:05.678Z')}]"),
            new("decimals", new object[] { 0.1m, 1.5m, -2.0m, 12345678901234567890.5m }, "[0.1, 1.5, -2, 12345678901234567890.5]"),
            new("decimal beyond 2^64", 79228162514264337593543950335m, "79228162514264337593543950335", SameBytes: false),
            new("floats", new object[] { 0.1f, 1e-7f, -3.25f, 16777216f, float.Epsilon }, "[0.1, 1e-7, -3.25, 16777216, 1e-45]"),
            new("float max", float.MaxValue, "3.4028235e38", SameBytes: false),
            new("ulong max", ulong.MaxValue, "2 ** 64", SameBytes: false),
            new("long max", long.MaxValue, "2 ** 63", SameBytes: false),
            new("long min", long.MinValue, "-(2 ** 63)"),
            new("2^53 + 1", (1L << 53) + 1, "2 ** 53", SameBytes: false),
            new("1e21", 1e21, "1e21", SameBytes: false),
            new("double max", double.MaxValue, "Number.MAX_VALUE", SameBytes: false),
            new("minus 2^64", -18446744073709551616.0, "-(2 ** 64)", SameBytes: false),
            new("small ints", new object[] { (sbyte)-5, (byte)200, (short)-300, (ushort)60000, 70000u, -70000, 'c', (Half)0.5, (Int128)(-5), (UInt128)7 },
                "[-5, 200, -300, 60000, 70000, -70000, 'c', 0.5, -5, 7]"),
            new("lone surrogates", new object[] { "a\ud800b", new string('x', 40) + "\udc00" }, "['a\\ufffdb', 'x'.repeat(40) + '\\ufffd']"),
            new("extension", new MessagePackExtension(5, [1, 2]), "[5, Buffer.from([1, 2])]", SameBytes: false),
            new("legacy extensions decoded and re-encoded", Decode("93d40000d70000000000000003e8c70300010203"),
                "[null, new Date(1000), Buffer.from([1, 2, 3])]"),
            new("sequences", new object[] { new HashSet<int> { 3 }, Enumerable.Range(1, 3).Select(i => i * 2), new Queue<string>(["q"]), new LinkedList<long>([7L]) },
                "[[3], [2, 4, 6], ['q'], [7]]"),
            new("large list", Enumerable.Range(0, 70000).Select(i => "s" + i).ToList(), "Array.from({length: 70000}, (_, i) => 's' + i)"),
            new("deep nesting", Nest(120), "(() => { let v = 'x'; for (let i = 0; i < 120; i++) v = [v]; return v; })()"),
            new("cluster envelope", new Dictionary<string, object?>
            {
                ["uid"] = "abc",
                ["type"] = 3,
                ["data"] = new { opts = new { rooms = new[] { "r" }, except = Array.Empty<string>(), flags = new { timeout = 5000 } }, packet = new { type = 2, data = new object?[] { "ev", new Message("n", [7], at, [], []) } } },
            }, "({uid: 'abc', type: 3, data: {opts: {rooms: ['r'], except: [], flags: {timeout: 5000}}, packet: {type: 2, data: ['ev', {name: 'n', payload: Buffer.from([7]), at: new Date('2024-01-02T03:04:05.678Z'), counts: [], meta: {}}]}}})"),
        };
        return cases;
    }

    private static DateTime LocalDate() => new(2024, 5, 6, 7, 8, 9, 10, DateTimeKind.Local);

    private static object? Decode(string hex) => new NotepackCodec(Web).Decode(Convert.FromHexString(hex));

    private static object Nest(int depth)
    {
        object value = "x";
        for (var i = 0; i < depth; i++)
        {
            value = new object[] { value };
        }

        return value;
    }

    public sealed record EncodingCase(string Name, object? Value, string Expect, JsonSerializerOptions? Options = null, bool SameBytes = true);

    public sealed record Message(string Name, byte[] Payload, DateTimeOffset At, int[] Counts, Dictionary<string, object?> Meta);

    public sealed class Contract
    {
        private int _readOnly = 7;

        [JsonPropertyName("renamed")]
        public int Original { get; set; } = 1;

        [JsonIgnore]
        public int Ignored { get; set; } = 5;

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Null { get; set; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? NotNull { get; set; } = "x";

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public int Zero { get; set; }

        [JsonConverter(typeof(JsonStringEnumConverter))]
        public DayOfWeek Day { get; set; } = DayOfWeek.Tuesday;

        public DayOfWeek DayNumber { get; set; } = DayOfWeek.Tuesday;

        public Guid Id { get; set; } = Guid.Parse("00000000-0000-0000-0000-000000000001");

        public TimeSpan Span { get; set; } = TimeSpan.FromSeconds(1.5);

        public DateOnly Date { get; set; } = new(2024, 2, 29);

        public int ReadOnly => _readOnly;

        public ReadOnlyMemory<byte> Blob { get; set; } = new byte[] { 9 };

        public int WriteOnly
        {
            set => _readOnly = value;
        }

        [JsonPropertyOrder(10)]
        public bool Last { get; set; } = true;

        [JsonExtensionData]
        public Dictionary<string, object?> Extra { get; set; } = new() { ["extra1"] = 1, ["extra2"] = "two" };
    }

    [JsonDerivedType(typeof(Derived), "derived")]
    public class Animal
    {
        public int Base { get; set; }
    }

    public sealed class Derived : Animal
    {
        public int Extra { get; set; }
    }

    public class Plain
    {
        public int A { get; set; }
    }

    public sealed class Plain2 : Plain
    {
        public int B { get; set; }
    }

    public sealed record Holder(Plain Value);

    public sealed record Contract2(int Value);

    public sealed record Nullables(string? A, int B, int? C);

    public sealed class ReadOnlyMembers
    {
#pragma warning disable CA1051 // Fields are the point of this contract.
        public readonly int ReadOnlyField = 4;
        public int Field = 3;
#pragma warning restore CA1051

        private readonly int _two = 2;

        public int Writable { get; set; } = 1;

        public int ReadOnly => _two;
    }
}
