using System.Globalization;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>The JS number a .NET number stands for, where the conversion is not a plain widening.</summary>
internal static class JsNumbers
{
    /// <summary>
    /// A <see cref="float"/> by its own shortest digits: <c>0.1f</c> is 0.1, as the server's JSON output prints it,
    /// not the 0.10000000149011612 a widening cast gives.
    /// </summary>
    /// <param name="value">The value.</param>
    public static double FromSingle(float value)
    {
        if (!float.IsFinite(value) || MathF.Floor(value) == value)
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
        if (!Half.IsFinite(value) || Half.Floor(value) == value)
        {
            return (double)value;
        }

        Span<char> text = stackalloc char[JsNumberText.MaxLength];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        return double.Parse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture);
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
