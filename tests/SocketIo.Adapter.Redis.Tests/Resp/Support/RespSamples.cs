using System.Buffers;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SocketIo.Adapter.Redis.Resp;

namespace SocketIo.Adapter.Redis.Tests.Resp.Support;

/// <summary>RESP values for property tests: a generator, an encoder (as a server would write them) and deep equality.</summary>
internal static class RespSamples
{
    /// <summary>Any value of any RESP2/RESP3 type, nested a few levels.</summary>
    public static Gen<RespValue> Values { get; } = Gen.Sized(size => Value(Math.Min(size, 20)));

    /// <summary>The bytes a server would send for <paramref name="value"/>.</summary>
    public static byte[] Encode(RespValue value)
    {
        var writer = new ArrayBufferWriter<byte>();
        Encode(writer, value);
        return writer.WrittenSpan.ToArray();
    }

    public static bool DeepEquals(RespValue left, RespValue right)
    {
        if (left.Type != right.Type || left.Count != right.Count)
        {
            return false;
        }

        switch (left.Type)
        {
            case RespType.Integer:
                return left.Integer == right.Integer;
            case RespType.Boolean:
                return left.Boolean == right.Boolean;
            case RespType.Double:
                return left.Double.Equals(right.Double);
            case RespType.Null:
                return true;
        }

        if (left.IsAggregate)
        {
            for (var i = 0; i < left.Count; i++)
            {
                if (!DeepEquals(left[i], right[i]))
                {
                    return false;
                }
            }

            return true;
        }

        return left.Bytes.Span.SequenceEqual(right.Bytes.Span);
    }

    private static void Encode(ArrayBufferWriter<byte> writer, RespValue value)
    {
        void Line(char marker, string text) => writer.Write(Encoding.UTF8.GetBytes($"{marker}{text}\r\n"));
        void Bulk(char marker, ReadOnlySpan<byte> bytes)
        {
            Line(marker, bytes.Length.ToString(CultureInfo.InvariantCulture));
            writer.Write(bytes);
            writer.Write("\r\n"u8);
        }

        switch (value.Type)
        {
            case RespType.SimpleString:
                Line('+', value.AsString()!);
                break;
            case RespType.Error:
                Line('-', value.AsString()!);
                break;
            case RespType.Integer:
                Line(':', value.Integer.ToString(CultureInfo.InvariantCulture));
                break;
            case RespType.BulkString:
                Bulk('$', value.Bytes.Span);
                break;
            case RespType.BulkError:
                Bulk('!', value.Bytes.Span);
                break;
            case RespType.VerbatimString:
                Bulk('=', [.. "txt:"u8, .. value.Bytes.Span]);
                break;
            case RespType.BigNumber:
                Line('(', value.AsString()!);
                break;
            case RespType.Null:
                Line('_', string.Empty);
                break;
            case RespType.Boolean:
                Line('#', value.Boolean ? "t" : "f");
                break;
            case RespType.Double:
                Line(',', double.IsPositiveInfinity(value.Double) ? "inf" : double.IsNegativeInfinity(value.Double) ? "-inf"
                    : double.IsNaN(value.Double) ? "nan" : value.Double.ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                var marker = value.Type switch
                {
                    RespType.Array => '*',
                    RespType.Set => '~',
                    RespType.Push => '>',
                    _ => '%',
                };
                Line(marker, (value.Type == RespType.Map ? value.Count / 2 : value.Count).ToString(CultureInfo.InvariantCulture));
                foreach (var item in value.Items)
                {
                    Encode(writer, item);
                }

                break;
        }
    }

    private static Gen<RespValue> Value(int size)
    {
        var text = Gen.ArrayOf(Gen.Elements("abcXYZ019 :-+*$%#é€\u0001".ToCharArray())).Select(chars => Encoding.UTF8.GetBytes(new string(chars)));
        var bytes = ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null);
        var leaf = Gen.OneOf(
            text.Select(t => RespValue.FromBytes(RespType.SimpleString, t)),
            text.Select(t => RespValue.FromBytes(RespType.Error, t)),
            ArbMap.Default.GeneratorFor<long>().Select(RespValue.FromInteger),
            bytes.Select(b => RespValue.FromBytes(RespType.BulkString, b)),
            bytes.Select(b => RespValue.FromBytes(RespType.BulkError, b)),
            bytes.Select(b => RespValue.FromBytes(RespType.VerbatimString, b)),
            Gen.Constant(RespValue.Null),
            ArbMap.Default.GeneratorFor<bool>().Select(RespValue.FromBoolean),
            Gen.OneOf(ArbMap.Default.GeneratorFor<double>(), Gen.Elements(double.PositiveInfinity, double.NegativeInfinity, double.NaN, -0.0, 1e308))
                .Select(RespValue.FromDouble),
            Gen.Zip(Gen.Elements("", "-"), Gen.NonEmptyListOf(Gen.Elements("0123456789".ToCharArray())))
                .Select(t => RespValue.FromBytes(RespType.BigNumber, Encoding.ASCII.GetBytes(t.Item1 + new string([.. t.Item2])))));
        if (size <= 1)
        {
            return leaf;
        }

        var children = Gen.ListOf(Gen.Sized(Value).Resize(size / 2)).Select(list => list.ToArray());
        return Gen.Frequency(
            (3, leaf),
            (1, Gen.Zip(Gen.Elements(RespType.Array, RespType.Set, RespType.Push), children).Select(t => RespValue.FromItems(t.Item1, t.Item2))),
            (1, children.Select(items => RespValue.FromItems(RespType.Map, items.Length % 2 == 0 ? items : items[..^1]))));
    }
}
