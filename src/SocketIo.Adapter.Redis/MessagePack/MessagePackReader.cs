using System.Buffers.Binary;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// Reads big-endian fields from a MessagePack message, checking every length against what is left: any read past
/// the end throws <see cref="MessagePackFormatException"/>, never an index exception.
/// </summary>
/// <param name="input">The message.</param>
internal ref struct MessagePackReader(ReadOnlySpan<byte> input)
{
    private readonly ReadOnlySpan<byte> _input = input;
    private int _position;
    private long _reservable = input.Length;

    /// <summary>The number of bytes not read yet.</summary>
    public readonly int Remaining => _input.Length - _position;

    /// <summary>The next byte, without consuming it.</summary>
    public readonly byte PeekByte(int offset = 0) =>
        offset < Remaining ? _input[_position + offset] : throw Truncated();

    /// <summary>Consumes one byte.</summary>
    public byte ReadByte()
    {
        var value = PeekByte();
        _position++;
        return value;
    }

    /// <summary>Consumes a signed byte.</summary>
    public sbyte ReadSByte() => unchecked((sbyte)ReadByte());

    /// <summary>Consumes a big-endian 16-bit unsigned integer.</summary>
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2));

    /// <summary>Consumes a big-endian 16-bit signed integer.</summary>
    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(ReadBytes(2));

    /// <summary>Consumes a big-endian 32-bit unsigned integer.</summary>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4));

    /// <summary>Consumes a big-endian 32-bit signed integer.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(ReadBytes(4));

    /// <summary>Consumes a big-endian 64-bit signed integer.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(ReadBytes(8));

    /// <summary>Consumes a big-endian float32.</summary>
    public float ReadSingle() => BinaryPrimitives.ReadSingleBigEndian(ReadBytes(4));

    /// <summary>Consumes a big-endian float64.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8));

    /// <summary>Consumes <paramref name="count"/> bytes.</summary>
    /// <param name="count">How many; a declared length, so possibly far beyond the input.</param>
    public ReadOnlySpan<byte> ReadBytes(long count)
    {
        EnsureRemaining(count);
        var bytes = _input.Slice(_position, (int)count);
        _position += (int)count;
        return bytes;
    }

    /// <summary>
    /// Whether a container may reserve room for <paramref name="count"/> items up front. All reservations of one
    /// message together stay within its length: checking each count against the bytes left is not enough, as every
    /// level of a nest may declare as many items as the rest of the message could hold.
    /// </summary>
    /// <param name="count">The declared number of items.</param>
    public bool TryReserve(long count)
    {
        if (count > _reservable)
        {
            return false;
        }

        _reservable -= count;
        return true;
    }

    /// <summary>Throws unless at least <paramref name="count"/> bytes are left.</summary>
    /// <param name="count">How many.</param>
    public readonly void EnsureRemaining(long count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Truncated();
        }
    }

    private static MessagePackFormatException Truncated() =>
        new("The MessagePack value is truncated: a length or field goes beyond the end of the message.");
}
