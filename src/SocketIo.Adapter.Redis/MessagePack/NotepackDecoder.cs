using System.Buffers.Binary;
using System.Text;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// Reads a MessagePack value into the tree <see cref="IMessagePackCodec"/> describes, giving each value the meaning
/// notepack.io 3 gives it in Node. Hostile input is bounded: every length is checked against the bytes left, no
/// container is allocated larger than the rest of the message could fill, and nesting stops at
/// <see cref="MaxDepth"/>. Bytes after the value are ignored (notepack throws on them).
/// </summary>
internal static class NotepackDecoder
{
    /// <summary>
    /// The deepest nesting of arrays and maps accepted. The server accepts client payloads 64 levels deep and a
    /// cluster message wraps them in a few more; 128 leaves room for that and keeps recursion far from the stack's end.
    /// </summary>
    public const int MaxDepth = 128;

    private const double TwoPow32 = 4294967296.0;
    private const int SmallIntegerOffset = 128;

    // A container that may not reserve its declared count (MessagePackReader.TryReserve) starts this small and grows
    // as its items actually arrive.
    private const int UnreservedCapacity = 16;

    private static readonly object True = true;
    private static readonly object False = false;
    private static readonly object[] SmallIntegers = CreateSmallIntegers();

    /// <summary>Decodes the value at the start of <paramref name="input"/>.</summary>
    /// <param name="input">The message.</param>
    /// <exception cref="MessagePackFormatException">The input is not MessagePack, is truncated or nests too deep.</exception>
    public static object? Decode(ReadOnlySpan<byte> input)
    {
        var reader = new MessagePackReader(input);
        return ReadValue(ref reader, 0);
    }

    private static object? ReadValue(ref MessagePackReader reader, int depth)
    {
        var prefix = reader.ReadByte();
        if (prefix < 0x80 || prefix >= 0xe0)
        {
            return SmallInteger(prefix < 0x80 ? prefix : (sbyte)prefix);
        }

        return prefix switch
        {
            < 0x90 => ReadMap(ref reader, prefix & 0x0f, depth),
            < 0xa0 => ReadArray(ref reader, prefix & 0x0f, depth),
            < 0xc0 => ReadString(ref reader, prefix & 0x1f),
            0xc0 => null,
            0xc2 => False,
            0xc3 => True,
            0xc4 => reader.ReadBytes(reader.ReadByte()).ToArray(),
            0xc5 => reader.ReadBytes(reader.ReadUInt16()).ToArray(),
            0xc6 => reader.ReadBytes(reader.ReadUInt32()).ToArray(),
            0xc7 => ReadExtension(ref reader, reader.ReadByte()),
            0xc8 => ReadExtension(ref reader, reader.ReadUInt16()),
            0xc9 => ReadExtension(ref reader, reader.ReadUInt32()),
            0xca => (double)reader.ReadSingle(),
            0xcb => reader.ReadDouble(),
            0xcc => SmallInteger(reader.ReadByte()),
            0xcd => (long)reader.ReadUInt16(),
            0xce => (long)reader.ReadUInt32(),
            0xcf => UInt64Value(reader.ReadUInt32(), reader.ReadUInt32()),
            0xd0 => SmallInteger(reader.ReadSByte()),
            0xd1 => (long)reader.ReadInt16(),
            0xd2 => (long)reader.ReadInt32(),
            0xd3 => reader.ReadInt64(),
            0xd4 => ReadFixExtension(ref reader, 1),
            0xd5 => ReadFixExtension(ref reader, 2),
            0xd6 => ReadFixExtension(ref reader, 4),
            0xd7 => ReadFixExtension(ref reader, 8),
            0xd8 => ReadFixExtension(ref reader, 16),
            0xd9 => ReadString(ref reader, reader.ReadByte()),
            0xda => ReadString(ref reader, reader.ReadUInt16()),
            0xdb => ReadString(ref reader, reader.ReadUInt32()),
            0xdc => ReadArray(ref reader, reader.ReadUInt16(), depth),
            0xdd => ReadArray(ref reader, reader.ReadUInt32(), depth),
            0xde => ReadMap(ref reader, reader.ReadUInt16(), depth),
            0xdf => ReadMap(ref reader, reader.ReadUInt32(), depth),
            _ => throw new MessagePackFormatException("0xc1 is not a MessagePack format (it is reserved)."),
        };
    }

    private static string ReadString(ref MessagePackReader reader, long length) =>
        length == 0 ? string.Empty : Encoding.UTF8.GetString(reader.ReadBytes(length));

    // Node computes hi * 2^32 + lo in doubles; beyond long's range that is the only value .NET can hold anyway.
    private static object UInt64Value(uint high, uint low)
    {
        if (high <= int.MaxValue)
        {
            return ((long)high << 32) | low;
        }

        return (high * TwoPow32) + low;
    }

    private static object?[] ReadArray(ref MessagePackReader reader, long count, int depth)
    {
        EnterContainer(depth);

        // Every element takes at least one byte: a larger count is a lie.
        reader.EnsureRemaining(count);
        if (reader.TryReserve(count))
        {
            var items = new object?[count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = ReadValue(ref reader, depth + 1);
            }

            return items;
        }

        var list = new List<object?>(UnreservedCapacity);
        for (long i = 0; i < count; i++)
        {
            list.Add(ReadValue(ref reader, depth + 1));
        }

        return [.. list];
    }

    private static Dictionary<string, object?> ReadMap(ref MessagePackReader reader, long count, int depth)
    {
        EnterContainer(depth);
        reader.EnsureRemaining(count * 2);
        var map = new Dictionary<string, object?>(reader.TryReserve(count) ? (int)count : UnreservedCapacity, StringComparer.Ordinal);
        var hasIndexKey = false;
        for (long i = 0; i < count; i++)
        {
            var key = ReadKey(ref reader, depth + 1);
            var value = ReadValue(ref reader, depth + 1);
            if (key == JsPropertyKey.Proto)
            {
                continue;
            }

            hasIndexKey |= key.Length > 0 && char.IsAsciiDigit(key[0]);
            map[key] = value;
        }

        return hasIndexKey ? JsKeyOrder.Apply(map) : map;
    }

    private static string ReadKey(ref MessagePackReader reader, int depth)
    {
        var prefix = reader.PeekByte();
        if (prefix is >= 0xa0 and < 0xc0 or >= 0xd9 and <= 0xdb)
        {
            return (string)ReadValue(ref reader, depth)!;
        }

        // The legacy ArrayBuffer extension: String(arrayBuffer).
        var typeOffset = prefix switch { 0xc7 => 2, 0xc8 => 3, 0xc9 => 5, _ => 0 };
        var isArrayBuffer = typeOffset > 0 && reader.PeekByte(typeOffset) == 0;
        var key = ReadValue(ref reader, depth);
        return isArrayBuffer ? "[object ArrayBuffer]" : JsPropertyKey.ToText(key);
    }

    private static object ReadExtension(ref MessagePackReader reader, long length)
    {
        var type = reader.ReadSByte();
        var data = reader.ReadBytes(length);
        return type switch
        {
            // notepack 2's ArrayBuffer encoding, which notepack 3 still reads.
            0 => data.ToArray(),
            -1 when data.Length == 12 => Timestamp96(data, type),
            _ => new MessagePackExtension(type, data.ToArray()),
        };
    }

    private static object ReadFixExtension(ref MessagePackReader reader, int length)
    {
        var type = reader.ReadSByte();
        var data = reader.ReadBytes(length);
        return (type, length) switch
        {
            // notepack 2's undefined (d4 00 00) and Date (d7 00 <int64 ms>), which notepack 3 still reads.
            (0, 1) => MessagePackUndefined.Value,
            (0, 8) => DateOrExtension((BinaryPrimitives.ReadInt32BigEndian(data) * TwoPow32) + BinaryPrimitives.ReadUInt32BigEndian(data[4..]), type, data),
            (-1, 4) => DateOrExtension(BinaryPrimitives.ReadUInt32BigEndian(data) * 1e3, type, data),
            (-1, 8) => Timestamp64(data, type),
            _ => new MessagePackExtension(type, data.ToArray()),
        };
    }

    private static object Timestamp64(ReadOnlySpan<byte> data, sbyte type)
    {
        var high = BinaryPrimitives.ReadUInt32BigEndian(data);
        var low = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        var seconds = ((high & 0x3) * TwoPow32) + low;
        return DateOrExtension((seconds * 1e3) + ((high >> 2) / 1e6), type, data);
    }

    private static object Timestamp96(ReadOnlySpan<byte> data, sbyte type)
    {
        var nanoseconds = BinaryPrimitives.ReadUInt32BigEndian(data);
        var high = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
        var low = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        return DateOrExtension((((high * TwoPow32) + low) * 1e3) + (nanoseconds / 1e6), type, data);
    }

    // The time is computed in doubles exactly as notepack does, so it truncates to the same millisecond. A time JS
    // would reject, or .NET cannot hold, stays an opaque extension rather than failing the whole message.
    private static object DateOrExtension(double time, sbyte type, ReadOnlySpan<byte> data) =>
        JsDate.TryCreate(time, out var date) ? date : new MessagePackExtension(type, data.ToArray());

    private static void EnterContainer(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new MessagePackFormatException($"The MessagePack value nests deeper than {MaxDepth} levels.");
        }
    }

    private static object SmallInteger(int value) => SmallIntegers[value + SmallIntegerOffset];

    private static object[] CreateSmallIntegers()
    {
        var values = new object[SmallIntegerOffset + 256];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (long)(i - SmallIntegerOffset);
        }

        return values;
    }
}
