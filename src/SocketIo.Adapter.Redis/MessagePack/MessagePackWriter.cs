using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// Writes MessagePack formats the way notepack.io 3 picks them: the smallest integer form (unsigned formats for
/// values &gt;= 0), float64 for every other number, the smallest str/bin/array/map header, and notepack's timestamp
/// forms. Writes straight into the caller's buffer.
/// </summary>
/// <param name="output">Where to write.</param>
internal readonly struct MessagePackWriter(IBufferWriter<byte> output)
{
    // 2^64 and -2^63 as doubles: integral numbers outside [-2^63, 2^64) do not fit a MessagePack integer.
    private const double TwoPow64 = 18446744073709551616.0;
    private const double MinusTwoPow63 = -9223372036854775808.0;
    private const long MaxTimestamp32Seconds = uint.MaxValue;
    private const long MaxTimestamp64Seconds = (1L << 34) - 1;
    private const long JsNaNBits = 0x7ff8_0000_0000_0000;

    /// <summary>Writes <c>nil</c>.</summary>
    public void WriteNil() => WriteByte(0xc0);

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteBoolean(bool value) => WriteByte(value ? (byte)0xc3 : (byte)0xc2);

    /// <summary>Writes an integer in its smallest form: unsigned formats when &gt;= 0, signed ones when negative.</summary>
    /// <param name="value">The value.</param>
    public void WriteInteger(long value)
    {
        if (value >= 0)
        {
            WriteInteger((ulong)value);
            return;
        }

        var span = output.GetSpan(9);
        int length;
        if (value >= -32)
        {
            span[0] = unchecked((byte)value);
            length = 1;
        }
        else if (value >= sbyte.MinValue)
        {
            span[0] = 0xd0;
            span[1] = unchecked((byte)value);
            length = 2;
        }
        else if (value >= short.MinValue)
        {
            span[0] = 0xd1;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            length = 3;
        }
        else if (value >= int.MinValue)
        {
            span[0] = 0xd2;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            length = 5;
        }
        else
        {
            span[0] = 0xd3;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            length = 9;
        }

        output.Advance(length);
    }

    /// <summary>Writes a non-negative integer in its smallest unsigned form.</summary>
    /// <param name="value">The value.</param>
    public void WriteInteger(ulong value)
    {
        var span = output.GetSpan(9);
        int length;
        if (value < 0x80)
        {
            span[0] = (byte)value;
            length = 1;
        }
        else if (value <= byte.MaxValue)
        {
            span[0] = 0xcc;
            span[1] = (byte)value;
            length = 2;
        }
        else if (value <= ushort.MaxValue)
        {
            span[0] = 0xcd;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
            length = 3;
        }
        else if (value <= uint.MaxValue)
        {
            span[0] = 0xce;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
            length = 5;
        }
        else
        {
            span[0] = 0xcf;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            length = 9;
        }

        output.Advance(length);
    }

    /// <summary>
    /// Writes a JS number: integral values (-0 included) as integers, anything else (fractions, NaN, infinities) as
    /// float64. Unlike notepack, integral values outside [-2^63, 2^64) stay float64: notepack wraps them modulo 2^64
    /// (1e21 arrives as a different number), and keeping them as floats is what makes them arrive intact.
    /// </summary>
    /// <param name="value">The value.</param>
    public void WriteNumber(double value)
    {
        if (double.IsFinite(value) && Math.Floor(value) == value && value is >= MinusTwoPow63 and < TwoPow64)
        {
            if (value >= 0)
            {
                WriteInteger((ulong)value);
            }
            else
            {
                WriteInteger((long)value);
            }

            return;
        }

        WriteFloat64(value);
    }

    /// <summary>Writes a float64 whatever the value; every NaN as JS's NaN (.NET's <see cref="double.NaN"/> has the sign bit set).</summary>
    /// <param name="value">The value.</param>
    public void WriteFloat64(double value)
    {
        var span = output.GetSpan(9);
        span[0] = 0xcb;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], double.IsNaN(value) ? JsNaNBits : BitConverter.DoubleToInt64Bits(value));
        output.Advance(9);
    }

    /// <summary>Writes a string as UTF-8 (a lone surrogate becomes U+FFFD, as <c>Buffer.from</c> does).</summary>
    /// <param name="value">The string.</param>
    public void WriteString(ReadOnlySpan<char> value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteStringHeader(length);
        if (length > 0)
        {
            Encoding.UTF8.GetBytes(value, output.GetSpan(length));
            output.Advance(length);
        }
    }

    /// <summary>Writes a string given as UTF-8 bytes.</summary>
    /// <param name="utf8">The bytes.</param>
    public void WriteStringUtf8(ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    /// <summary>Writes a <c>bin</c> value.</summary>
    /// <param name="value">The bytes.</param>
    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        var span = output.GetSpan(5);
        int length;
        if (value.Length <= byte.MaxValue)
        {
            span[0] = 0xc4;
            span[1] = (byte)value.Length;
            length = 2;
        }
        else if (value.Length <= ushort.MaxValue)
        {
            span[0] = 0xc5;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value.Length);
            length = 3;
        }
        else
        {
            span[0] = 0xc6;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value.Length);
            length = 5;
        }

        output.Advance(length);
        WriteRaw(value);
    }

    /// <summary>Writes an array header; the elements follow.</summary>
    /// <param name="count">The number of elements.</param>
    public void WriteArrayHeader(int count) => WriteContainerHeader(count, 0x90, 0xdc);

    /// <summary>Writes a map header; the keys and values follow.</summary>
    /// <param name="count">The number of entries.</param>
    public void WriteMapHeader(int count) => WriteContainerHeader(count, 0x80, 0xde);

    /// <summary>Writes an extension value (fixext when the length allows, as MessagePack prescribes).</summary>
    /// <param name="type">The extension type.</param>
    /// <param name="data">Its bytes.</param>
    public void WriteExtension(sbyte type, ReadOnlySpan<byte> data)
    {
        var span = output.GetSpan(6);
        int length;
        var fixFormat = data.Length switch { 1 => 0xd4, 2 => 0xd5, 4 => 0xd6, 8 => 0xd7, 16 => 0xd8, _ => 0 };
        if (fixFormat != 0)
        {
            span[0] = (byte)fixFormat;
            length = 1;
        }
        else if (data.Length <= byte.MaxValue)
        {
            span[0] = 0xc7;
            span[1] = (byte)data.Length;
            length = 2;
        }
        else if (data.Length <= ushort.MaxValue)
        {
            span[0] = 0xc8;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)data.Length);
            length = 3;
        }
        else
        {
            span[0] = 0xc9;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)data.Length);
            length = 5;
        }

        span[length++] = unchecked((byte)type);
        output.Advance(length);
        WriteRaw(data);
    }

    /// <summary>
    /// Writes a JS Date (milliseconds since the epoch) as notepack 3 does: timestamp 32 for whole seconds in
    /// [0, 2^32), timestamp 64 for seconds in [0, 2^34), timestamp 96 otherwise (before 1970 or after 2514).
    /// </summary>
    /// <param name="unixMilliseconds">The time.</param>
    public void WriteTimestamp(long unixMilliseconds)
    {
        var seconds = Math.DivRem(unixMilliseconds, 1000, out var milliseconds);
        if (milliseconds < 0)
        {
            seconds--;
            milliseconds += 1000;
        }

        var nanoseconds = (uint)(milliseconds * 1_000_000);
        var span = output.GetSpan(15);
        if (seconds is >= 0 and <= MaxTimestamp64Seconds)
        {
            if (nanoseconds == 0 && seconds <= MaxTimestamp32Seconds)
            {
                span[0] = 0xd6;
                span[1] = 0xff;
                BinaryPrimitives.WriteUInt32BigEndian(span[2..], (uint)seconds);
                output.Advance(6);
                return;
            }

            span[0] = 0xd7;
            span[1] = 0xff;
            BinaryPrimitives.WriteUInt64BigEndian(span[2..], ((ulong)nanoseconds << 34) | (ulong)seconds);
            output.Advance(10);
            return;
        }

        span[0] = 0xc7;
        span[1] = 12;
        span[2] = 0xff;
        BinaryPrimitives.WriteUInt32BigEndian(span[3..], nanoseconds);
        BinaryPrimitives.WriteInt64BigEndian(span[7..], seconds);
        output.Advance(15);
    }

    private void WriteStringHeader(int byteLength)
    {
        var span = output.GetSpan(5);
        int length;
        if (byteLength < 32)
        {
            span[0] = (byte)(0xa0 | byteLength);
            length = 1;
        }
        else if (byteLength <= byte.MaxValue)
        {
            span[0] = 0xd9;
            span[1] = (byte)byteLength;
            length = 2;
        }
        else if (byteLength <= ushort.MaxValue)
        {
            span[0] = 0xda;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)byteLength);
            length = 3;
        }
        else
        {
            span[0] = 0xdb;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)byteLength);
            length = 5;
        }

        output.Advance(length);
    }

    private void WriteContainerHeader(int count, byte fixFormat, byte format16)
    {
        var span = output.GetSpan(5);
        int length;
        if (count < 16)
        {
            span[0] = (byte)(fixFormat | count);
            length = 1;
        }
        else if (count <= ushort.MaxValue)
        {
            span[0] = format16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)count);
            length = 3;
        }
        else
        {
            span[0] = (byte)(format16 + 1);
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)count);
            length = 5;
        }

        output.Advance(length);
    }

    private void WriteByte(byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
