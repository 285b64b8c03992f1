using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using SocketIo.Adapter.Redis.MessagePack;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// Writes a value tree as JavaScript's <c>JSON.stringify</c> writes the same value: no whitespace, strings with only
/// <c>"</c>, <c>\</c>, control characters and lone surrogates escaped (lowercase hex), numbers as
/// <see cref="JsNumberText"/>, non-finite numbers as <c>null</c>, binary as a Node Buffer's JSON
/// (<c>{"type":"Buffer","data":[..]}</c>), dates as ISO strings, and undefined left out of objects (null in arrays).
/// </summary>
/// <remarks>
/// Takes the trees <see cref="IMessagePackCodec.Decode"/> returns, plus <see cref="JsonElement"/>, <see cref="int"/>,
/// and any dictionary with string keys or enumerable for the message envelopes built around them.
/// </remarks>
internal static class JsonStringifyWriter
{
    private static readonly byte[] Hex = "0123456789abcdef"u8.ToArray();

    /// <summary>Writes <paramref name="value"/> to <paramref name="output"/>.</summary>
    /// <param name="output">Where to write the UTF-8 JSON.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">A value of a type this writer does not know.</exception>
    public static void Write(IBufferWriter<byte> output, object? value)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteValue(output, value);
    }

    /// <summary>Writes a JSON string literal, quoted and escaped as <c>JSON.stringify</c> does.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="value">The string.</param>
    public static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<char> value)
    {
        WriteByte(output, (byte)'"');
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var escape = c < 0x20 || c == '"' || c == '\\';
            if (!escape && char.IsSurrogate(c))
            {
                // Well-formed pairs pass through; a lone surrogate is escaped (ES2019 well-formed JSON.stringify).
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }

                escape = true;
            }

            if (!escape)
            {
                continue;
            }

            WriteUtf8(output, value[runStart..i]);
            WriteEscape(output, c);
            runStart = i + 1;
        }

        WriteUtf8(output, value[runStart..]);
        WriteByte(output, (byte)'"');
    }

    private static void WriteValue(IBufferWriter<byte> output, object? value)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null:
            case MessagePackUndefined:
                WriteAscii(output, "null");
                break;
            case string s:
                WriteString(output, s);
                break;
            case bool b:
                WriteAscii(output, b ? "true" : "false");
                break;
            case int i:
                WriteAscii(output, i.ToString(CultureInfo.InvariantCulture));
                break;
            case long l:
                WriteAscii(output, l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                WriteAscii(output, double.IsFinite(d) ? JsNumberText.ToString(d) : "null");
                break;
            case byte[] bytes:
                WriteBuffer(output, bytes);
                break;
            case DateTimeOffset date:
                WriteString(output, date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                break;
            case MessagePackExtension extension:
                // notepack gives [type, Buffer] for an extension it does not know.
                WriteByte(output, (byte)'[');
                WriteAscii(output, extension.Type.ToString(CultureInfo.InvariantCulture));
                WriteByte(output, (byte)',');
                WriteBuffer(output, extension.Data);
                WriteByte(output, (byte)']');
                break;
            case JsonElement element:
                WriteElement(output, element);
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                WriteObject(output, map);
                break;
            case IEnumerable items:
                WriteArray(output, items);
                break;
            default:
                throw new ArgumentException($"{value.GetType()} is not a JSON tree value.", nameof(value));
        }
    }

    private static void WriteObject(IBufferWriter<byte> output, IEnumerable<KeyValuePair<string, object?>> map)
    {
        WriteByte(output, (byte)'{');
        var first = true;
        foreach (var (key, item) in map)
        {
            if (item is MessagePackUndefined)
            {
                continue;
            }

            if (!first)
            {
                WriteByte(output, (byte)',');
            }

            first = false;
            WriteString(output, key);
            WriteByte(output, (byte)':');
            WriteValue(output, item);
        }

        WriteByte(output, (byte)'}');
    }

    private static void WriteArray(IBufferWriter<byte> output, IEnumerable items)
    {
        WriteByte(output, (byte)'[');
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                WriteByte(output, (byte)',');
            }

            first = false;
            WriteValue(output, item);
        }

        WriteByte(output, (byte)']');
    }

    private static void WriteBuffer(IBufferWriter<byte> output, byte[] bytes)
    {
        WriteAscii(output, "{\"type\":\"Buffer\",\"data\":[");
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i > 0)
            {
                WriteByte(output, (byte)',');
            }

            WriteAscii(output, bytes[i].ToString(CultureInfo.InvariantCulture));
        }

        WriteAscii(output, "]}");
    }

    private static void WriteElement(IBufferWriter<byte> output, JsonElement element)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteByte(output, (byte)'{');
                var first = true;
                foreach (var property in element.EnumerateObject())
                {
                    if (!first)
                    {
                        WriteByte(output, (byte)',');
                    }

                    first = false;
                    WriteString(output, property.Name);
                    WriteByte(output, (byte)':');
                    WriteElement(output, property.Value);
                }

                WriteByte(output, (byte)'}');
                break;
            case JsonValueKind.Array:
                WriteByte(output, (byte)'[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        WriteByte(output, (byte)',');
                    }

                    firstItem = false;
                    WriteElement(output, item);
                }

                WriteByte(output, (byte)']');
                break;
            case JsonValueKind.String:
                WriteString(output, element.GetString());
                break;
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var integer))
                {
                    WriteAscii(output, integer.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    var number = element.GetDouble();
                    WriteAscii(output, double.IsFinite(number) ? JsNumberText.ToString(number) : "null");
                }

                break;
            case JsonValueKind.True:
                WriteAscii(output, "true");
                break;
            case JsonValueKind.False:
                WriteAscii(output, "false");
                break;
            default:
                WriteAscii(output, "null");
                break;
        }
    }

    private static void WriteEscape(IBufferWriter<byte> output, char c)
    {
        switch (c)
        {
            case '"':
                WriteAscii(output, "\\\"");
                return;
            case '\\':
                WriteAscii(output, "\\\\");
                return;
            case '\b':
                WriteAscii(output, "\\b");
                return;
            case '\f':
                WriteAscii(output, "\\f");
                return;
            case '\n':
                WriteAscii(output, "\\n");
                return;
            case '\r':
                WriteAscii(output, "\\r");
                return;
            case '\t':
                WriteAscii(output, "\\t");
                return;
        }

        var span = output.GetSpan(6);
        span[0] = (byte)'\\';
        span[1] = (byte)'u';
        span[2] = Hex[(c >> 12) & 0xF];
        span[3] = Hex[(c >> 8) & 0xF];
        span[4] = Hex[(c >> 4) & 0xF];
        span[5] = Hex[c & 0xF];
        output.Advance(6);
    }

    private static void WriteUtf8(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static void WriteAscii(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        output.Advance(text.Length);
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }
}
