using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Writes JSON strings exactly as <c>JSON.stringify</c> does: only <c>"</c>, <c>\</c>, control characters
/// (<c>\b \f \n \r \t</c>, else <c>\u00xx</c>) and lone surrogates (<c>\udxxx</c>) are escaped, in lowercase hex;
/// everything else, non-ASCII included, is written as UTF-8.
/// </summary>
internal static class JsStringEscaper
{
    private static readonly SearchValues<char> CharsToEscape = SearchValues.Create(BuildCharsToEscape());

    /// <summary>Writes <paramref name="value"/> as a quoted JSON string.</summary>
    /// <param name="value">UTF-16 text, possibly with lone surrogates.</param>
    /// <param name="output">Where to write UTF-8.</param>
    public static void WriteQuoted(ReadOnlySpan<char> value, IBufferWriter<byte> output)
    {
        WriteByte(output, (byte)'"');
        while (!value.IsEmpty)
        {
            var next = value.IndexOfAny(CharsToEscape);
            if (next < 0)
            {
                WriteUtf8(value, output);
                break;
            }

            var c = value[next];
            if (char.IsHighSurrogate(c) && next + 1 < value.Length && char.IsLowSurrogate(value[next + 1]))
            {
                WriteUtf8(value[..(next + 2)], output);
                value = value[(next + 2)..];
                continue;
            }

            WriteUtf8(value[..next], output);
            WriteEscapedCodeUnit(c, output);
            value = value[(next + 1)..];
        }

        WriteByte(output, (byte)'"');
    }

    /// <summary>
    /// Writes a string whose JSON source text is <paramref name="rawContent"/> (between the quotes, still escaped,
    /// valid JSON) as <c>JSON.stringify(JSON.parse(source))</c> would.
    /// </summary>
    /// <param name="rawContent">The escaped content of a valid JSON string token.</param>
    /// <param name="output">Where to write UTF-8.</param>
    public static void WriteQuotedFromJson(ReadOnlySpan<byte> rawContent, IBufferWriter<byte> output)
    {
        WriteByte(output, (byte)'"');
        while (!rawContent.IsEmpty)
        {
            var next = rawContent.IndexOf((byte)'\\');
            if (next < 0)
            {
                // Unescaped JSON string text cannot hold control characters, quotes or backslashes: it is already canonical.
                output.Write(rawContent);
                break;
            }

            output.Write(rawContent[..next]);
            rawContent = rawContent[(next + 1)..];
            var escape = rawContent[0];
            if (escape != (byte)'u')
            {
                // \" \\ \b \f \n \r \t are already how JS writes them; \/ is not.
                if (escape == (byte)'/')
                {
                    WriteByte(output, (byte)'/');
                }
                else
                {
                    var span = output.GetSpan(2);
                    span[0] = (byte)'\\';
                    span[1] = escape;
                    output.Advance(2);
                }

                rawContent = rawContent[1..];
                continue;
            }

            var unit = ReadHex4(rawContent[1..]);
            rawContent = rawContent[5..];
            if (char.IsHighSurrogate(unit) && rawContent.Length >= 6 && rawContent[0] == (byte)'\\' && rawContent[1] == (byte)'u')
            {
                var low = ReadHex4(rawContent[2..]);
                if (char.IsLowSurrogate(low))
                {
                    WriteScalar(char.ConvertToUtf32(unit, low), output);
                    rawContent = rawContent[6..];
                    continue;
                }
            }

            if (char.IsSurrogate(unit) || unit < 0x20 || unit == '"' || unit == '\\')
            {
                WriteEscapedCodeUnit(unit, output);
            }
            else
            {
                WriteScalar(unit, output);
            }
        }

        WriteByte(output, (byte)'"');
    }

    private static void WriteEscapedCodeUnit(char c, IBufferWriter<byte> output)
    {
        var shortForm = c switch
        {
            '"' => (byte)'"',
            '\\' => (byte)'\\',
            '\b' => (byte)'b',
            '\f' => (byte)'f',
            '\n' => (byte)'n',
            '\r' => (byte)'r',
            '\t' => (byte)'t',
            _ => (byte)0,
        };
        if (shortForm != 0)
        {
            var pair = output.GetSpan(2);
            pair[0] = (byte)'\\';
            pair[1] = shortForm;
            output.Advance(2);
            return;
        }

        var span = output.GetSpan(6);
        span[0] = (byte)'\\';
        span[1] = (byte)'u';
        Utf8Formatter.TryFormat((ushort)c, span[2..], out _, new StandardFormat('x', 4));
        output.Advance(6);
    }

    private static void WriteScalar(int scalar, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(4);
        new Rune(scalar).TryEncodeToUtf8(span, out var written);
        output.Advance(written);
    }

    private static void WriteUtf8(ReadOnlySpan<char> text, IBufferWriter<byte> output)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static char ReadHex4(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var c in hex[..4])
        {
            value = (value << 4) | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }

        return (char)value;
    }

    private static char[] BuildCharsToEscape()
    {
        var chars = new List<char>();
        for (var c = '\0'; c < ' '; c++)
        {
            chars.Add(c);
        }

        chars.Add('"');
        chars.Add('\\');
        for (var c = '\uD800'; c <= '\uDFFF'; c++)
        {
            chars.Add(c);
        }

        return [.. chars];
    }
}
