using SocketIo.Server.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using SocketIo.Server.Parsing;

namespace SocketIo.Server.Tests.Parsing.Support;

/// <summary>An outbound packet as C# code builds it, for property tests.</summary>
internal sealed record PacketSample(SocketIoPacketType Type, string Namespace, long? AckId, string? EventName, object?[]? Arguments)
{
    public SocketIoPayload Payload => Type switch
    {
        SocketIoPacketType.Event => SocketIoPayload.FromEvent(EventName!, Arguments!),
        SocketIoPacketType.Ack => SocketIoPayload.FromArguments(Arguments!),
        _ when Arguments is null => SocketIoPayload.None,
        _ => SocketIoPayload.FromValue(Arguments[0]),
    };

    /// <summary>The JS value of the payload: [name, ...args] for events.</summary>
    public object? ExpectedData => Type switch
    {
        SocketIoPacketType.Event => new object?[] { EventName }.Concat(Arguments!).ToArray(),
        SocketIoPacketType.Ack => Arguments,
        _ => Arguments?[0],
    };

    public override string ToString() =>
        $"{Type} {Namespace} {AckId} {EventName} [{string.Join(", ", (Arguments ?? []).Select(Describe))}]";

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => "\"" + string.Concat(s.Select(c => c < 0x20 || c > 0x7e ? $"\\u{(int)c:x4}" : c.ToString())) + "\"",
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        byte[] b => $"bytes[{b.Length}]",
        object?[] a => "[" + string.Join(", ", a.Select(Describe)) + "]",
        Dictionary<string, object?> o => "{" + string.Join(", ", o.Select(p => Describe(p.Key) + ": " + Describe(p.Value))) + "}",
        _ => value.ToString() ?? "",
    };
}

/// <summary>FsCheck generators for JS-like argument values and packets.</summary>
internal static class PacketSamples
{
    private static readonly char[] TrickyChars =
    [
        '"', '\\', '/', '\b', '\f', '\n', '\r', '\t', '\0', '\u0001', '\u001f', '\u007f', '\u0080', 'é', '€', '\u2028',
        '\u2029', '\ufeff', '\uffff', '\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00', '<', '>', '&', '\'',
        '+', '`', 'a', 'Z', '0', ' ', '日', ',', '[', '{',
    ];

    private static readonly double[] TrickyDoubles =
    [
        0, -0.0, 1, -1, 0.1, 0.2 + 0.1, 1e21, 1e20, 999999999999999999999.0, 1e-6, 1e-7, 1.5e-7, 123e-20, 9007199254740992,
        9007199254740993, 1e300, double.Epsilon, double.MaxValue, double.MinValue, double.NaN, double.PositiveInfinity,
        double.NegativeInfinity, 5e-7, 0.000001, 4.35, 1.0 / 3, 100, 1234.5678,
    ];

    public static Gen<string> Strings { get; } = Gen.Frequency(
        (2, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)),
        (3, Gen.ArrayOf(Gen.Elements(TrickyChars)).Select(chars => new string(chars))));

    /// <summary>Member names: no lone surrogates (System.Text.Json cannot write them as names).</summary>
    public static Gen<string> Keys { get; } = Strings.Where(s => !HasLoneSurrogate(s));

    public static Gen<double> Doubles { get; } = Gen.Frequency(
        (2, ArbMap.Default.GeneratorFor<double>()),
        (2, Gen.Elements(TrickyDoubles)),
        (3, ArbMap.Default.GeneratorFor<long>().Select(BitConverter.Int64BitsToDouble)),
        (1, Gen.Choose(-400, 400).Select(e => Math.Pow(10, e))));

    public static Gen<object?> Values { get; } = Gen.Sized(Value);

    public static Gen<string> Namespaces { get; } = Gen.Frequency(
        (3, Gen.Constant("/")),
        (2, Keys.Select(k => "/" + k.Replace(",", "", StringComparison.Ordinal))));

    public static Gen<PacketSample> Packets { get; } = Gen.Sized(size => Packet(Math.Min(size, 12)));

    public static bool HasLoneSurrogate(string s) => Utf16Text.HasLoneSurrogate(s);

    private static Gen<PacketSample> Packet(int size)
    {
        var args = Gen.ListOf(Values.Resize(size / 2)).Select(l => l.ToArray());
        var ackId = Gen.Frequency(
            (1, Gen.Constant<long?>(null)),
            (1, Gen.Choose(0, int.MaxValue).Select(i => (long?)i)),
            (1, ArbMap.Default.GeneratorFor<long>().Select(l => (long?)(Math.Abs(l % 9007199254740991)))));
        var name = Keys.Where(k => !IsReserved(k));
        var obj = Object(size / 2, withBinary: false).Resize(size / 2);
        return Gen.OneOf(
            from nsp in Namespaces from id in ackId from n in name from a in args
            select new PacketSample(SocketIoPacketType.Event, nsp, id, n, a),
            from nsp in Namespaces from id in ackId from a in args
            select new PacketSample(SocketIoPacketType.Ack, nsp, id, null, a),
            from nsp in Namespaces from o in obj
            select new PacketSample(SocketIoPacketType.Connect, nsp, null, null, [o]),
            from nsp in Namespaces
            select new PacketSample(SocketIoPacketType.Connect, nsp, null, null, null),
            from nsp in Namespaces from m in Strings from o in obj
            select new PacketSample(SocketIoPacketType.ConnectError, nsp, null, null, [new Dictionary<string, object?> { ["message"] = m, ["data"] = o }]),
            from nsp in Namespaces
            select new PacketSample(SocketIoPacketType.Disconnect, nsp, null, null, null));
    }

    private static Gen<object?> Value(int size)
    {
        var leaf = Gen.Frequency(
            (1, Gen.Constant<object?>(null)),
            (1, ArbMap.Default.GeneratorFor<bool>().Select(b => (object?)b)),
            (3, Doubles.Select(d => (object?)d)),
            (1, ArbMap.Default.GeneratorFor<long>().Select(l => (object?)l)),
            (3, Strings.Select(s => (object?)s)),
            (1, ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null).Select(b => (object?)b)));
        if (size <= 1)
        {
            return leaf;
        }

        var child = Gen.Sized(Value).Resize(size / 2);
        return Gen.Frequency(
            (4, leaf),
            (1, Gen.ListOf(child).Select(l => (object?)l.ToArray())),
            (1, Object(size, withBinary: true)));
    }

    private static Gen<object?> Object(int size, bool withBinary)
    {
        var child = Gen.Sized(Value).Resize(Math.Max(size / 2, 1));
        if (!withBinary)
        {
            child = child.Where(v => !HasBinary(v));
        }

        return Gen.ListOf(Gen.Zip(Keys, child)).Select(pairs =>
        {
            var dictionary = new Dictionary<string, object?>();
            foreach (var (key, value) in pairs)
            {
                dictionary[key] = value;
            }

            return (object?)dictionary;
        });
    }

    private static bool HasBinary(object? value) => value switch
    {
        byte[] => true,
        object?[] items => items.Any(HasBinary),
        Dictionary<string, object?> members => members.Values.Any(HasBinary),
        _ => false,
    };

    private static bool IsReserved(string name) =>
        name is "connect" or "connect_error" or "disconnect" or "disconnecting" or "newListener" or "removeListener";
}
