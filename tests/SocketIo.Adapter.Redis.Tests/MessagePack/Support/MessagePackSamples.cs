using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.MessagePack.Support;

/// <summary>FsCheck generators of decoded-tree-like values (JSON-like trees with binaries, dates and extensions).</summary>
internal static class MessagePackSamples
{
    private static readonly char[] TrickyChars =
    [
        'a', 'Z', '0', '9', ' ', '"', '\\', '\0', '\u007f', '\u0080', 'é', '€', '\u2028', '\ufeff', '\uffff', '\ud800',
        '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00', '日', ',',
    ];

    private static readonly double[] TrickyDoubles =
    [
        0, -0.0, 1, -1, 0.1, 0.2 + 0.1, 1e21, 1e20, 1e-7, 9007199254740992, 9007199254740993, 1e300, double.Epsilon,
        double.MaxValue, double.MinValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 4294967296,
        -2147483649, 18446744073709551616.0, 18446744073709549568.0, -9223372036854775808.0, 127, 128, -32, -33,
    ];

    private static readonly long MinDate = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxDate = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static Gen<string> Strings { get; } = Gen.Frequency(
        (2, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)),
        (3, Gen.ArrayOf(Gen.Elements(TrickyChars)).Select(chars => new string(chars))));

    /// <summary>
    /// Keys JS keeps as they are, in insertion order: no array indexes, no <c>__proto__</c>, no lone surrogates (two
    /// keys could become the same U+FFFD key).
    /// </summary>
    public static Gen<string> Keys { get; } = Strings.Where(s => !Utf16Text.HasLoneSurrogate(s)).Select(s => "k" + s);

    public static Gen<double> Doubles { get; } = Gen.Frequency(
        (2, ArbMap.Default.GeneratorFor<double>()),
        (2, Gen.Elements(TrickyDoubles)),
        (2, ArbMap.Default.GeneratorFor<long>().Select(BitConverter.Int64BitsToDouble)));

    public static Gen<object?> Values { get; } = Gen.Sized(size => Value(Math.Min(size, 40)));

    private static Gen<object?> Value(int size)
    {
        var leaf = Gen.Frequency(
            (1, Gen.Constant<object?>(null)),
            (1, ArbMap.Default.GeneratorFor<bool>().Select(b => (object?)b)),
            (3, Doubles.Select(d => (object?)d)),
            (2, ArbMap.Default.GeneratorFor<long>().Select(l => (object?)l)),
            (1, ArbMap.Default.GeneratorFor<ulong>().Select(l => (object?)l)),
            (3, Strings.Select(s => (object?)s)),
            (2, ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null).Select(b => (object?)b)),
            (1, Gen.Choose(0, int.MaxValue).Select(i => (object?)DateTimeOffset.FromUnixTimeMilliseconds(MinDate + (long)((MaxDate - MinDate) * (i / (double)int.MaxValue))))),
            (1, Gen.Elements<long>(-1, 0, 1, 999, 1000, 4294967295000, 4294967296000, 17179869183999, 17179869184000).Select(ms => (object?)DateTimeOffset.FromUnixTimeMilliseconds(ms))),
            (1, Gen.Zip(Gen.Choose(1, 127), ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null))
                .Select(t => (object?)new MessagePackExtension((sbyte)(t.Item1 % 2 == 0 ? t.Item1 : -t.Item1 - 1), t.Item2))),
            (1, Gen.Constant<object?>(MessagePackUndefined.Value)));
        if (size <= 1)
        {
            return leaf;
        }

        var child = Gen.Sized(Value).Resize(size / 2);
        return Gen.Frequency(
            (4, leaf),
            (1, Gen.ListOf(child).Select(l => (object?)l.ToArray())),
            (1, Gen.ListOf(Gen.Zip(Keys, child)).Select(pairs =>
            {
                var map = new Dictionary<string, object?>();
                foreach (var (key, value) in pairs)
                {
                    map[key] = value;
                }

                return (object?)map;
            })));
    }

    /// <summary>
    /// The value a round trip must give: -0 is 0, strings are what their UTF-8 says (lone surrogates become U+FFFD),
    /// undefined is nil in arrays and absent from maps, an extension of type -1 that is a valid timestamp is a date.
    /// </summary>
    public static object? Expected(object? value) => value switch
    {
        double d when d == 0 => 0.0,
        ulong u => u <= long.MaxValue ? (long)u : (double)u,
        string s => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s)),
        MessagePackUndefined => null,
        object?[] items => items.Select(Expected).ToArray(),
        Dictionary<string, object?> map => map.Where(p => p.Value is not MessagePackUndefined).ToDictionary(p => p.Key, p => Expected(p.Value)),
        _ => value,
    };
}
