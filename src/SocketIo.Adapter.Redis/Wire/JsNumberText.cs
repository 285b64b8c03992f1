using System.Globalization;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// Numbers written as JavaScript's <c>Number.prototype.toString()</c> (and so <c>JSON.stringify</c>) writes them:
/// the shortest digits that read back to the same double, plain notation from 1e-7 up to 1e21, exponent notation
/// (<c>1e+21</c>, <c>1.5e-7</c>) outside, and <c>-0</c> as <c>0</c>. Used for JSON on the wire and for numeric room
/// names, which Node turns into strings this way.
/// </summary>
internal static class JsNumberText
{
    /// <summary>The text of a finite double; callers decide what a non-finite value becomes.</summary>
    /// <param name="value">The value.</param>
    public static string ToString(double value)
    {
        if (!double.IsFinite(value))
        {
            return double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return "0";
        }

        if (Math.Abs(value) < 9007199254740992 && value == Math.Floor(value))
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        // "E16" is not shortest; "R" is (since .NET Core 3.0), in either plain or exponent form.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest[0] == '-';
        var body = negative ? shortest.AsSpan(1) : shortest.AsSpan();
        var exponentAt = body.IndexOfAny('E', 'e');
        var mantissa = exponentAt < 0 ? body : body[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(body[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        // Digits without the point, and n: the position of the point relative to the digits (value = 0.digits * 10^n).
        Span<char> digits = stackalloc char[32];
        var count = 0;
        var pointAt = -1;
        foreach (var c in mantissa)
        {
            if (c == '.')
            {
                pointAt = count;
                continue;
            }

            digits[count++] = c;
        }

        var n = (pointAt < 0 ? count : pointAt) + exponent;
        var start = 0;
        while (start < count - 1 && digits[start] == '0')
        {
            start++;
            n--;
        }

        var end = count;
        while (end > start + 1 && digits[end - 1] == '0')
        {
            end--;
        }

        var k = end - start;
        var d = digits[start..end];
        var text = new System.Text.StringBuilder(32);
        if (negative)
        {
            text.Append('-');
        }

        if (k <= n && n <= 21)
        {
            text.Append(d).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text.Append(d[..n]).Append('.').Append(d[n..]);
        }
        else if (-6 < n && n <= 0)
        {
            text.Append("0.").Append('0', -n).Append(d);
        }
        else
        {
            text.Append(d[0]);
            if (k > 1)
            {
                text.Append('.').Append(d[1..]);
            }

            var e = n - 1;
            text.Append('e').Append(e < 0 ? '-' : '+').Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
