using System.Globalization;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// JavaScript's <c>Number::toString</c> (what <c>String(n)</c> and <c>JSON.stringify</c> print): the shortest
/// round-trip digits, plain notation from 1e-6 up to (not including) 1e21, otherwise <c>1e+21</c> / <c>1.5e-7</c>, and
/// <c>0</c> for <c>-0</c>. Needed for map keys (JS stringifies number keys) and for JSON built from decoded values.
/// </summary>
internal static class JsNumberText
{
    /// <summary>A buffer of this size holds any formatted number.</summary>
    public const int MaxLength = 32;

    /// <summary>Formats a number as <c>String(n)</c> does: <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c> included.</summary>
    /// <param name="value">The number.</param>
    public static string ToString(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        Span<byte> text = stackalloc byte[MaxLength];
        var length = FormatFinite(value, text);
        return string.Create(length, text[..length], static (chars, ascii) =>
        {
            for (var i = 0; i < ascii.Length; i++)
            {
                chars[i] = (char)ascii[i];
            }
        });
    }

    /// <summary>Writes a finite number as ASCII into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes).</summary>
    /// <param name="value">A finite number.</param>
    /// <param name="destination">Where to write.</param>
    /// <returns>The number of bytes written.</returns>
    public static int FormatFinite(double value, Span<byte> destination)
    {
        if (value == 0)
        {
            destination[0] = (byte)'0';
            return 1;
        }

        // .NET's "R" finds the same shortest round-trip digits as JS; only the layout differs.
        Span<char> text = stackalloc char[MaxLength];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        Span<byte> digits = stackalloc byte[MaxLength];
        var written = 0;
        if (value < 0)
        {
            destination[written++] = (byte)'-';
        }

        var count = Digits(text[..length], digits, out var n);
        return written + Layout(digits[..count], n, destination[written..]);
    }

    // Splits "-1.2345E+21" into the significant digits (no leading/trailing zeros) and n, where value = 0.d1d2... × 10^n.
    private static int Digits(ReadOnlySpan<char> text, Span<byte> digits, out int n)
    {
        var count = 0;
        var integerDigits = 0;
        var seenPoint = false;
        var i = text[0] == '-' ? 1 : 0;
        for (; i < text.Length && text[i] != 'E'; i++)
        {
            if (text[i] == '.')
            {
                seenPoint = true;
                continue;
            }

            digits[count++] = (byte)text[i];
            integerDigits += seenPoint ? 0 : 1;
        }

        n = integerDigits + (i < text.Length ? int.Parse(text[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0);
        var first = 0;
        while (digits[first] == (byte)'0')
        {
            first++;
            n--;
        }

        var last = count;
        while (digits[last - 1] == (byte)'0')
        {
            last--;
        }

        digits[first..last].CopyTo(digits);
        return last - first;
    }

    // ECMA-262 Number::toString steps 6-10 for digits d1..dk and exponent n.
    private static int Layout(ReadOnlySpan<byte> digits, int n, Span<byte> destination)
    {
        var k = digits.Length;
        if (k <= n && n <= 21)
        {
            digits.CopyTo(destination);
            destination[k..n].Fill((byte)'0');
            return n;
        }

        if (0 < n && n <= 21)
        {
            digits[..n].CopyTo(destination);
            destination[n] = (byte)'.';
            digits[n..].CopyTo(destination[(n + 1)..]);
            return k + 1;
        }

        var w = 0;
        if (-6 < n && n <= 0)
        {
            destination[w++] = (byte)'0';
            destination[w++] = (byte)'.';
            destination.Slice(w, -n).Fill((byte)'0');
            w += -n;
            digits.CopyTo(destination[w..]);
            return w + k;
        }

        destination[w++] = digits[0];
        if (k > 1)
        {
            destination[w++] = (byte)'.';
            digits[1..].CopyTo(destination[w..]);
            w += k - 1;
        }

        destination[w++] = (byte)'e';
        var exponent = n - 1;
        destination[w++] = exponent < 0 ? (byte)'-' : (byte)'+';
        Math.Abs(exponent).TryFormat(destination[w..], out var exponentLength, default, CultureInfo.InvariantCulture);
        return w + exponentLength;
    }
}
