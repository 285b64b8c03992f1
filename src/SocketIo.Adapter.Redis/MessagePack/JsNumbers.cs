using System.Globalization;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>The JS number a .NET number stands for, where the conversion is not a plain widening.</summary>
internal static class JsNumbers
{
    // Up to 2^24 (2^11 for Half) every integer is exact and is its own shortest representation.
    private const float ExactSingleIntegers = 16777216f;
    private const int ExactHalfIntegers = 2048;

    /// <summary>
    /// A <see cref="float"/> by its own shortest digits: <c>0.1f</c> is 0.1 and <c>float.MaxValue</c> 3.4028235e38, as
    /// the server's JSON output prints them, not the 0.10000000149011612 a widening cast gives.
    /// </summary>
    /// <param name="value">The value.</param>
    public static double FromSingle(float value)
    {
        if (!float.IsFinite(value) || (MathF.Floor(value) == value && MathF.Abs(value) <= ExactSingleIntegers))
        {
            return value;
        }

        Span<char> text = stackalloc char[JsNumberText.MaxLength];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        return double.Parse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>A <see cref="Half"/> by its own shortest digits, like <see cref="FromSingle"/>.</summary>
    /// <param name="value">The value.</param>
    public static double FromHalf(Half value)
    {
        if (!Half.IsFinite(value) || (Half.Floor(value) == value && Math.Abs((double)value) <= ExactHalfIntegers))
        {
            return (double)value;
        }

        Span<char> text = stackalloc char[JsNumberText.MaxLength];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        return double.Parse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Writes a <see cref="decimal"/>: integral values within 64 bits exactly, others as the double nearest to their
    /// digits (the cast to <see cref="double"/> is not correctly rounded: 12345678901234567890.5m would be off by 2048).
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    public static void Write(MessagePackWriter writer, decimal value)
    {
        if (decimal.Truncate(value) == value && value is >= long.MinValue and <= long.MaxValue)
        {
            writer.WriteInteger((long)value);
            return;
        }

        Span<char> text = stackalloc char[64];
        value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture);
        writer.WriteNumber(double.Parse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a 128-bit integer: exactly when it fits 64 bits, else as the nearest double.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    public static void Write(MessagePackWriter writer, Int128 value)
    {
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            writer.WriteInteger((long)value);
        }
        else if (value > 0 && value <= ulong.MaxValue)
        {
            writer.WriteInteger((ulong)value);
        }
        else
        {
            writer.WriteNumber((double)value);
        }
    }

    /// <summary>Writes a 128-bit unsigned integer: exactly when it fits 64 bits, else as the nearest double.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    public static void Write(MessagePackWriter writer, UInt128 value)
    {
        if (value <= ulong.MaxValue)
        {
            writer.WriteInteger((ulong)value);
        }
        else
        {
            writer.WriteNumber((double)value);
        }
    }
}
