using System.Collections;
using System.Collections.ObjectModel;
using System.Dynamic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIo.Adapter.Redis.MessagePack;
using static SocketIo.Adapter.Redis.Tests.MessagePack.Support.NotepackNode;

namespace SocketIo.Adapter.Redis.Tests.MessagePack.Support;

/// <summary>
/// The .NET values standing for each named JS value of notepack-vectors.mjs: every one must encode to notepack's
/// bytes for it.
/// </summary>
internal static partial class NotepackVectors
{
    /// <summary>
    /// Integral numbers notepack wraps modulo 2^64 (it would send 1e21 as another number); the codec writes them as
    /// float64 instead, so Node gets the number itself.
    /// </summary>
    public static IReadOnlySet<string> WrittenAsFloat64 { get; } = new HashSet<string> { "float max", "float 1e21", "float 2^64", "float -2^64" };

    public static IReadOnlyDictionary<string, object?[]> All { get; } = Build();

    private static Dictionary<string, object?[]> Build()
    {
        var v = new Dictionary<string, object?[]>();
        foreach (var n in new long[] { 0, 1, 127, 128, 255, 256, 65535, 65536, int.MaxValue, uint.MaxValue, 1L << 32, (1L << 53) - 1, 1L << 53, -1, -32, -33, -128, -129, -32768, -32769, int.MinValue, int.MinValue - 1L, -(1L << 32), -(1L << 53), long.MinValue })
        {
            v[IntName(n)] = IntForms(n);
        }

        v["int 2^63"] = [1UL << 63, 9223372036854775808.0, 9223372036854775808m, Json("9223372036854775808"), (UInt128)(1UL << 63), (Int128)(1UL << 63)];
        v["int 2^64-2048"] = [ulong.MaxValue - 2047, 18446744073709549568.0, Json("18446744073709549568")];
        v["int 3.0"] = [3.0, 3f, 3m, Json("3.0"), Json("3e0"), 3, (Half)3];
        v["float -0"] = [-0.0, -0f, 0, Json("-0.0"), Json("-0"), JsonValue.Create(-0.0)];
        v["float 0.1"] = [0.1, 0.1f, 0.1m, Json("0.1"), (Half)0.1, JsonValue.Create(0.1)];
        v["float 1.5"] = [1.5, 1.5f, 1.5m, Json("1.5"), Json("15e-1"), (Half)1.5];
        v["float -1.5"] = [-1.5, -1.5f, -1.5m, Json("-1.5")];
        v["float 0.1+0.2"] = [0.1 + 0.2, Json("0.30000000000000004")];
        v["float 1e-7"] = [1e-7, 1e-7f, 0.0000001m, Json("1e-7")];
        v["float 123456.789"] = [123456.789, 123456.789m, Json("123456.789")];
        v["float 2^52-0.5"] = [4503599627370495.5, Json("4503599627370495.5")];
        v["float NaN"] = [double.NaN, float.NaN, Half.NaN];
        v["float Infinity"] = [double.PositiveInfinity, float.PositiveInfinity, Json("1e400")];
        v["float -Infinity"] = [double.NegativeInfinity, float.NegativeInfinity, Json("-1e400")];
        v["float 5e-324"] = [double.Epsilon, Json("5e-324")];
        v["float max"] = [double.MaxValue, Json("1.7976931348623157e308")];
        v["float 1e21"] = [1e21, Json("1e21"), Json("1000000000000000000000"), 1e21m];
        v["float 2^64"] = [18446744073709551616.0, Json("18446744073709551616"), (UInt128)ulong.MaxValue + 1];
        v["float -2^64"] = [-18446744073709551616.0, Json("-18446744073709551616"), -(Int128)ulong.MaxValue - 1];

        foreach (var n in new[] { 0, 1, 31, 32, 255, 256, 65535, 65536 })
        {
            v[$"str {n}"] = StringForms(new string('a', n));
        }

        v["str 1"] = [.. v["str 1"], 'a'];
        v["str non-ascii"] = [.. StringForms("héllo wörld €"), Json("\"h\\u00e9llo w\\u00f6rld \\u20ac\"")];
        v["str emoji"] = [.. StringForms("😀"), Json("\"\\ud83d\\ude00\"")];
        v["str mixed"] = StringForms("a😀é€日本\0\u2028");
        v["str non-ascii long"] = StringForms(string.Concat(Enumerable.Repeat("é", 40)) + string.Concat(Enumerable.Repeat("😀", 20)));

        foreach (var n in new[] { 0, 3, 255, 256, 65535, 65536 })
        {
            v[$"bin {n}"] = BinaryForms(Bytes(n));
        }

        v["bin Uint8Array"] = BinaryForms([1, 2, 3]);
        v["bin ArrayBuffer"] = BinaryForms([4, 5]);
        v["bin Float32Array"] = BinaryForms([1, 0x2c]);

        v["nil"] = [null, Json("null"), default(JsonElement), JsonValue.Create((string?)null), JsonValue.Create(Json("null"))];
        v["undefined"] = [MessagePackUndefined.Value];
        v["true"] = [true, Json("true"), JsonValue.Create(true)];
        v["false"] = [false, Json("false")];

        v["arr 0"] = [Array.Empty<object?>(), new List<int>(), Array.Empty<int>(), Json("[]"), new JsonArray(), Enumerable.Empty<string>()];
        v["arr 3"] = [new object?[] { 1, "a", null }, new List<object?> { 1L, "a", null }, Json("[1,\"a\",null]"), new JsonArray(1, "a", null), new ArrayList { 1, "a", null }];
        foreach (var n in new[] { 15, 16, 65535, 65536 })
        {
            v[$"arr {n}"] = ArrayForms(n);
        }

        v["arr nested"] = [new object?[] { new object?[] { 1, new object?[] { 2, new object?[] { 3, Array.Empty<object?>() } } }, new Dictionary<string, object?>() }, Json("[[1,[2,[3,[]]]],{}]"), JsonNode.Parse("[[1,[2,[3,[]]]],{}]")];
        v["arr undefined"] = [new object?[] { MessagePackUndefined.Value, null }, new object?[] { null, null }];
        v["arr ints"] =
        [
            new object?[] { 0, 127, 128, 255, 256, 65536, 4294967296L, -1, -32, -33, -129, 3.0, -0.0, 0.1 },
            Json("[0,127,128,255,256,65536,4294967296,-1,-32,-33,-129,3.0,-0,0.1]"),
        ];

        v["map 0"] = [new Dictionary<string, object?>(), Json("{}"), new JsonObject(), new { }, new Empty(), new Dictionary<string, int>()];
        v["map 1"] = MapOneForms();
        foreach (var n in new[] { 15, 16, 65535, 65536 })
        {
            v[$"map {n}"] = MapForms(n);
        }

        v["map undefined members"] =
        [
            new Dictionary<string, object?> { ["a"] = MessagePackUndefined.Value, ["b"] = new object?[] { MessagePackUndefined.Value, null } },
            new UndefinedMembers(MessagePackUndefined.Value, [MessagePackUndefined.Value, null]),
        ];
        v["map integer keys"] = IntegerKeyForms();
        v["map non-ascii keys"] =
        [
            new Dictionary<string, object?> { ["é"] = 1, ["😀"] = 2, [new string('a', 40)] = 3 },
            Json($"{{\"\\u00e9\":1,\"😀\":2,\"{new string('a', 40)}\":3}}"),
        ];
        v["map nested binary"] =
        [
            new Dictionary<string, object?> { ["a"] = new Dictionary<string, object?> { ["b"] = Bytes(2), ["c"] = new object?[] { Bytes(1), new Dictionary<string, object?> { ["d"] = Bytes(0) } } }, ["e"] = "x" },
            new JsonObject { ["a"] = new JsonObject { ["b"] = JsonValue.Create(Bytes(2)), ["c"] = new JsonArray(JsonValue.Create(Bytes(1)), new JsonObject { ["d"] = JsonValue.Create(Bytes(0)) }) }, ["e"] = "x" },
            new NestedBinary(new Inner(Bytes(2), [new ReadOnlyMemory<byte>(Bytes(1)), new { d = Bytes(0) }]), "x"),
        ];
        v["arr nested binary"] =
        [
            new object?[] { Bytes(3), new object?[] { Bytes(1) }, new Dictionary<string, object?> { ["a"] = Bytes(2) } },
            new List<object> { new ArraySegment<byte>(Bytes(3)), new[] { Bytes(1) }, new { a = new Memory<byte>(Bytes(2)) } },
        ];
        v["Map and Set"] = [new object?[] { new Dictionary<string, object?>(), new Dictionary<string, object?>() }];

        v["date whole seconds"] = DateForms("2000-06-13T00:00:00.000Z");
        v["date ms"] = DateForms("2000-06-13T00:00:00.123Z");
        v["date epoch"] = DateForms("1970-01-01T00:00:00.000Z");
        v["date 1ms"] = DateForms("1970-01-01T00:00:00.001Z");
        v["date before epoch -1ms"] = DateForms("1969-12-31T23:59:59.999Z");
        v["date 1969-12-31T23:59:59Z"] = DateForms("1969-12-31T23:59:59.000Z");
        v["date 1900"] = DateForms("1900-01-01T00:00:00.000Z");
        v["date year 1"] = [DateTimeOffset.MinValue, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)];
        v["date 2^32-1 s"] = DateForms(DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue));
        v["date 2^32 s"] = DateForms(DateTimeOffset.FromUnixTimeSeconds(1L << 32));
        v["date 2^32-1 s + 1ms"] = DateForms(DateTimeOffset.FromUnixTimeMilliseconds((uint.MaxValue * 1000L) + 1));
        v["date 2^34-1 s"] = DateForms(DateTimeOffset.FromUnixTimeMilliseconds((((1L << 34) - 1) * 1000) + 999));
        v["date 2^34 s"] = DateForms(DateTimeOffset.FromUnixTimeSeconds(1L << 34));
        v["date 9999"] = [.. DateForms("9999-12-31T23:59:59.999Z"), DateTimeOffset.MaxValue, DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)];
        v["date in map"] =
        [
            new Dictionary<string, object?> { ["at"] = DateTimeOffset.Parse("2024-02-29T12:34:56.789Z", CultureInfo.InvariantCulture) },
            new { at = DateTime.Parse("2024-02-29T12:34:56.789Z", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) },
            new DateHolder(DateTimeOffset.Parse("2024-02-29T14:34:56.789+02:00", CultureInfo.InvariantCulture)),
        ];

        AddClusterMessages(v);
        return v;
    }

    private static string IntName(long n) => n switch
    {
        int.MaxValue => "int 2^31-1",
        uint.MaxValue => "int 2^32-1",
        1L << 32 => "int 2^32",
        (1L << 53) - 1 => "int 2^53-1",
        1L << 53 => "int 2^53",
        int.MinValue => "int -2^31",
        int.MinValue - 1L => "int -2^31-1",
        -(1L << 32) => "int -2^32",
        -(1L << 53) => "int -2^53",
        long.MinValue => "int -2^63",
        _ => "int " + n.ToString(CultureInfo.InvariantCulture),
    };

    private static object?[] IntForms(long n)
    {
        var forms = new List<object?> { n, (double)n, (decimal)n, (Int128)n, Json(n.ToString(CultureInfo.InvariantCulture)), JsonValue.Create(n) };
        if (n is >= int.MinValue and <= int.MaxValue)
        {
            forms.Add((int)n);
            if (Math.Abs(n) <= 1 << 24)
            {
                forms.Add((float)n);
            }
        }

        if (n is >= short.MinValue and <= short.MaxValue)
        {
            forms.Add((short)n);
        }

        if (n is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            forms.Add((sbyte)n);
        }

        if (n >= 0)
        {
            forms.Add((ulong)n);
            forms.Add(Json(n.ToString(CultureInfo.InvariantCulture) + ".0"));
            if (n <= byte.MaxValue)
            {
                forms.Add((byte)n);
            }

            if (n <= ushort.MaxValue)
            {
                forms.Add((ushort)n);
            }

            if (n <= uint.MaxValue)
            {
                forms.Add((uint)n);
            }
        }

        return [.. forms];
    }

    private static object?[] StringForms(string s) =>
        [s, Json(JsonSerializer.Serialize(s)), JsonValue.Create(s), new StringBuilder(s).ToString()];

    private static byte[] Bytes(int n)
    {
        var bytes = new byte[n];
        for (var i = 0; i < n; i++)
        {
            bytes[i] = (byte)i;
        }

        return bytes;
    }

    private static object?[] BinaryForms(byte[] bytes)
    {
        var padded = new byte[bytes.Length + 2];
        bytes.CopyTo(padded, 1);
        return [bytes, new ReadOnlyMemory<byte>(bytes), new Memory<byte>(bytes), new ArraySegment<byte>(padded, 1, bytes.Length), JsonValue.Create(bytes)];
    }

    private static object?[] ArrayForms(int n)
    {
        var ints = Enumerable.Range(0, n).ToArray();
        return
        [
            ints.Select(i => (object?)i).ToArray(),
            ints,
            ints.ToList(),
            Yield(n),
            ints.Select(i => (long)i).ToArray(),
            ints.Select(i => (double)i).ToList(),
            Json(JsonSerializer.Serialize(ints)),
            new JsonArray(ints.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
        ];

        static IEnumerable<int> Yield(int n)
        {
            for (var i = 0; i < n; i++)
            {
                yield return i;
            }
        }
    }

    private static object?[] MapOneForms()
    {
        IDictionary<string, object?> expando = new ExpandoObject();
        expando["a"] = 1;
        return
        [
            new Dictionary<string, object?> { ["a"] = 1 },
            new Dictionary<string, int> { ["a"] = 1 },
            new SortedDictionary<string, double> { ["a"] = 1.0 },
            new ReadOnlyDictionary<string, object>(new Dictionary<string, object> { ["a"] = 1 }),
            new OnlyReadOnlyDictionary("a", 1),
            expando,
            Json("{\"a\":1}"),
            JsonDocument.Parse("{\"a\":1}"),
            new JsonObject { ["a"] = 1 },
            new { a = 1 },
            new { A = 1 },
            new OneMember(1),
        ];
    }

    private static object?[] MapForms(int n)
    {
        var objects = new Dictionary<string, object?>();
        var ints = new Dictionary<string, int>();
        for (var i = 0; i < n; i++)
        {
            objects[$"k{i}"] = i;
            ints[$"k{i}"] = i;
        }

        return [objects, ints, Json(JsonSerializer.Serialize(ints))];
    }

    private static object?[] IntegerKeyForms()
    {
        var map = new Dictionary<string, object?> { ["b"] = 1, ["2"] = 2, ["a"] = 3, ["1"] = 4, ["10"] = 5, ["01"] = 6, ["4294967295"] = 7, ["4294967294"] = 8 };
        const string json = "{\"b\":1,\"2\":2,\"a\":3,\"1\":4,\"10\":5,\"01\":6,\"4294967295\":7,\"4294967294\":8}";
        return [map, Json(json), JsonNode.Parse(json), Json(json.Replace("\"1\"", "\"\\u0031\"", StringComparison.Ordinal))];
    }

    private static object?[] DateForms(string iso) => DateForms(DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture));

    private static object?[] DateForms(DateTimeOffset date) =>
    [
        date,
        date.ToOffset(TimeSpan.FromHours(date.Year > 5000 ? -5.5 : 5.5)),
        date.UtcDateTime,
        date.AddTicks(9999),
        DateTime.SpecifyKind(date.UtcDateTime, DateTimeKind.Utc).AddTicks(1),
    ];

    public sealed class Empty;

    public sealed record OneMember(int A);

    public sealed record UndefinedMembers(object A, object?[] B);

    public sealed record NestedBinary(Inner A, string E);

    public sealed record Inner(byte[] B, object[] C);

    public sealed record DateHolder(DateTimeOffset At);

    /// <summary>A dictionary that implements only the generic read-only interface.</summary>
    public sealed class OnlyReadOnlyDictionary(string key, long value) : IReadOnlyDictionary<string, long>
    {
        private readonly Dictionary<string, long> _inner = new() { [key] = value };

        public long this[string k] => _inner[k];

        public IEnumerable<string> Keys => _inner.Keys;

        public IEnumerable<long> Values => _inner.Values;

        public int Count => _inner.Count;

        public bool ContainsKey(string k) => _inner.ContainsKey(k);

        public IEnumerator<KeyValuePair<string, long>> GetEnumerator() => _inner.GetEnumerator();

        public bool TryGetValue(string k, out long v) => _inner.TryGetValue(k, out v);

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
