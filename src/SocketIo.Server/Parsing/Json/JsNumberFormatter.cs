using System.Globalization;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Prints numbers as JavaScript's <c>Number::toString</c> does (what <c>JSON.stringify</c> writes): shortest
/// round-trip digits, plain notation for decimal exponents in [-6, 21), otherwise <c>1e+21</c> / <c>1.5e-7</c>,
/// <c>-0</c> as <c>0</c>, and <c>null</c> for NaN and infinities.
/// </summary>
internal static class JsNumberFormatter
{
    /// <summary>A buffer of this size holds any formatted double.</summary>
    public const int MaxLength = 32;

    private const int MaxDigits = 17;

    /// <summary>Formats <paramref name="value"/> into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes).</summary>
    /// <param name="value">The number.</param>
    /// <param name="destination">Where to write ASCII.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Format(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
        {
            "null"u8.CopyTo(destination);
            return 4;
        }

        if (value == 0)
        {
            destination[0] = (byte)'0';
            return 1;
        }

        // .NET's "R" yields the same shortest round-trip digits as JS; only the layout differs.
        Span<char> text = stackalloc char[MaxLength];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        Span<byte> digits = stackalloc byte[MaxDigits + 8];
        var negative = Decompose(text[..length], digits, out var digitCount, out var pointPosition);
        var written = 0;
        if (negative)
        {
            destination[written++] = (byte)'-';
        }

        return written + Layout(digits[..digitCount], pointPosition, destination[written..]);
    }

    /// <summary>Formats a single-precision value by its own shortest digits, which is what a C# author means by 0.1f.</summary>
    /// <param name="value">The number.</param>
    /// <param name="destination">Where to write ASCII.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Format(float value, Span<byte> destination)
    {
        if (!float.IsFinite(value))
        {
            return Format(double.NaN, destination);
        }

        Span<char> text = stackalloc char[MaxLength];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        return Format(double.Parse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture), destination);
    }

    /// <summary>
    /// Rewrites a JSON number token (as System.Text.Json printed it) the way JS prints the same value. Integer
    /// tokens are kept digit for digit, so 64-bit values keep their precision.
    /// </summary>
    /// <param name="token">A valid JSON number.</param>
    /// <param name="destination">Where to write ASCII; at least <c>max(token.Length, MaxLength)</c> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Normalize(ReadOnlySpan<byte> token, Span<byte> destination)
    {
        if (token.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0)
        {
            if (token.Length > 1 && token[0] == (byte)'-' && token[1..].IndexOfAnyExcept((byte)'0') < 0)
            {
                destination[0] = (byte)'0';
                return 1;
            }

            token.CopyTo(destination);
            return token.Length;
        }

        return Format(double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture), destination);
    }

    private static bool Decompose(ReadOnlySpan<char> text, Span<byte> digits, out int digitCount, out int pointPosition)
    {
        var negative = text[0] == '-';
        var i = negative ? 1 : 0;
        var count = 0;
        var integerDigits = 0;
        var seenPoint = false;
        for (; i < text.Length && text[i] != 'E'; i++)
        {
            if (text[i] == '.')
            {
                seenPoint = true;
                continue;
            }

            digits[count++] = (byte)text[i];
            if (!seenPoint)
            {
                integerDigits++;
            }
        }

        var exponent = i < text.Length ? int.Parse(text[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        pointPosition = integerDigits + exponent;
        var first = 0;
        while (digits[first] == (byte)'0')
        {
            first++;
            pointPosition--;
        }

        var last = count;
        while (digits[last - 1] == (byte)'0')
        {
            last--;
        }

        digits[first..last].CopyTo(digits);
        digitCount = last - first;
        return negative;
    }

    // ECMA-262 Number::toString, for digits d1..dk and value 0.d1..dk × 10^n.
    private static int Layout(ReadOnlySpan<byte> digits, int n, Span<byte> destination)
    {
        var k = digits.Length;
        var w = 0;
        if (k <= n && n <= 21)
        {
            digits.CopyTo(destination);
            w = k;
            destination.Slice(w, n - k).Fill((byte)'0');
            return n;
        }

        if (0 < n && n <= 21)
        {
            digits[..n].CopyTo(destination);
            destination[n] = (byte)'.';
            digits[n..].CopyTo(destination[(n + 1)..]);
            return k + 1;
        }

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
        Math.Abs(exponent).TryFormat(destination[w..], out var expLength, default, CultureInfo.InvariantCulture);
        return w + expLength;
    }
}
