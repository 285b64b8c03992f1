using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Writes one packet payload as <c>JSON.stringify</c> would, after the reference's binary deconstruction: every
/// binary value becomes <c>{"_placeholder":true,"num":i}</c> and an attachment, numbered depth-first. Commas and
/// colons are placed automatically; the caller only balances starts and ends.
/// </summary>
internal sealed class JsonStringifyWriter
{
    [ThreadStatic]
    private static JsonStringifyWriter? t_cached;

    private readonly ArrayBufferWriter<byte> _output = new(256);
    private readonly List<ReadOnlyMemory<byte>> _attachments = [];
    private JsonArgumentSerializer? _serializer;
    private bool _needsComma;
    private int _depth;
    private int _maxDepth;

    private JsonStringifyWriter()
    {
    }

    /// <summary>The JSON written so far.</summary>
    public ReadOnlySpan<byte> WrittenJson => _output.WrittenSpan;

    /// <summary>The attachments collected so far, in placeholder order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => _attachments;

    /// <summary>Copies the attachments out, so the writer can be reused.</summary>
    public ReadOnlyMemory<byte>[] CopyAttachments() => _attachments.ToArray();

    /// <summary>Takes this thread's writer (or a new one when it is in use); give it back with <see cref="Return"/>.</summary>
    /// <param name="serializer">Serializes values that are not JSON primitives.</param>
    /// <param name="maxDepth">
    /// The most arrays and objects that may be open at once. Deeper values throw <see cref="JsonException"/>, so the
    /// recursion over a caller's value stays bounded (a value nested thousands deep would overflow the stack).
    /// </param>
    public static JsonStringifyWriter Rent(JsonArgumentSerializer serializer, int maxDepth)
    {
        var writer = t_cached ?? new JsonStringifyWriter();
        t_cached = null;
        writer._serializer = serializer;
        writer._maxDepth = maxDepth;
        return writer;
    }

    /// <summary>Clears the writer and keeps it for the next encode on this thread.</summary>
    public void Return()
    {
        // A payload of megabytes should not stay pinned to a thread forever.
        if (_output.Capacity > 64 * 1024)
        {
            return;
        }

        _output.ResetWrittenCount();
        _attachments.Clear();
        _serializer = null;
        _needsComma = false;
        _depth = 0;
        t_cached = this;
    }

    /// <summary>Starts an array.</summary>
    public void WriteStartArray() => WriteStart((byte)'[');

    /// <summary>Ends the current array.</summary>
    public void WriteEndArray() => WriteEnd((byte)']');

    /// <summary>Starts an object.</summary>
    public void WriteStartObject() => WriteStart((byte)'{');

    /// <summary>Ends the current object.</summary>
    public void WriteEndObject() => WriteEnd((byte)'}');

    /// <summary>Writes an object member's name; the next value written is its value.</summary>
    /// <param name="name">The name.</param>
    public void WritePropertyName(ReadOnlySpan<char> name)
    {
        WriteSeparator();
        JsStringEscaper.WriteQuoted(name, _output);
        WriteRaw((byte)':');
        _needsComma = false;
    }

    /// <summary>Writes a string.</summary>
    /// <param name="value">The text; lone surrogates are written as JS does.</param>
    public void WriteString(ReadOnlySpan<char> value)
    {
        WriteSeparator();
        JsStringEscaper.WriteQuoted(value, _output);
        _needsComma = true;
    }

    /// <summary>Writes a number as JS prints it; NaN and infinities become <c>null</c>.</summary>
    /// <param name="value">The number.</param>
    public void WriteNumber(double value)
    {
        WriteSeparator();
        _output.Advance(JsNumberFormatter.Format(value, _output.GetSpan(JsNumberFormatter.MaxLength)));
        _needsComma = true;
    }

    /// <summary>Writes an integer, every digit kept (JS would round beyond 2^53 when it reads it).</summary>
    /// <param name="value">The number.</param>
    public void WriteNumber(long value)
    {
        WriteSeparator();
        value.TryFormat(_output.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
        _output.Advance(written);
        _needsComma = true;
    }

    /// <summary>Writes an unsigned integer, every digit kept.</summary>
    /// <param name="value">The number.</param>
    public void WriteNumber(ulong value)
    {
        WriteSeparator();
        value.TryFormat(_output.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
        _output.Advance(written);
        _needsComma = true;
    }

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value.</param>
    public void WriteBoolean(bool value)
    {
        WriteSeparator();
        _output.Write(value ? "true"u8 : "false"u8);
        _needsComma = true;
    }

    /// <summary>Writes <c>null</c>.</summary>
    public void WriteNull()
    {
        WriteSeparator();
        _output.Write("null"u8);
        _needsComma = true;
    }

    /// <summary>
    /// Writes a placeholder and makes <paramref name="bytes"/> the next attachment. The memory is sent as is, not
    /// copied (as Node sends a Buffer): it must not change afterwards.
    /// </summary>
    /// <param name="bytes">The binary value.</param>
    public void WriteBinary(ReadOnlyMemory<byte> bytes)
    {
        var num = AddAttachment(bytes);
        WriteSeparator();
        _output.Write("{\"_placeholder\":true,\"num\":"u8);
        num.TryFormat(_output.GetSpan(11), out var written, default, CultureInfo.InvariantCulture);
        _output.Advance(written);
        WriteRaw((byte)'}');
        _needsComma = true;
    }

    /// <summary>
    /// Writes parsed JSON as <c>JSON.stringify</c> would re-emit it: key order and number text kept, strings
    /// re-escaped the JS way. An undefined element is written as <c>null</c>, as JS writes undefined in arrays.
    /// </summary>
    /// <param name="element">The value.</param>
    public void WriteElement(JsonElement element)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    WriteSeparator();
                    WriteJsonString(JsonMarshal.GetRawUtf8PropertyName(property));
                    WriteRaw((byte)':');
                    _needsComma = false;
                    WriteElement(property.Value);
                }

                WriteEndObject();
                break;
            case JsonValueKind.Array:
                WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(item);
                }

                WriteEndArray();
                break;
            case JsonValueKind.String:
                WriteSeparator();
                var raw = JsonMarshal.GetRawUtf8Value(element);
                WriteJsonString(raw[1..^1]);
                _needsComma = true;
                break;
            case JsonValueKind.Number:
                // As JSON.parse then JSON.stringify: a relayed 1e21 goes out as 1e+21, 1.0 as 1.
                WriteJsonNumber(JsonMarshal.GetRawUtf8Value(element));
                break;
            case JsonValueKind.True:
                WriteBoolean(true);
                break;
            case JsonValueKind.False:
                WriteBoolean(false);
                break;
            default:
                WriteNull();
                break;
        }
    }

    /// <summary>Writes any argument value: primitives directly, everything else through System.Text.Json.</summary>
    /// <param name="value">The value.</param>
    public void WriteValue(object? value)
    {
        if (_serializer is null)
        {
            throw new InvalidOperationException("The writer was not rented.");
        }

        _serializer.Write(this, value);
    }

    /// <summary>Writes a single-precision number by its own shortest digits (0.1f is written 0.1).</summary>
    /// <param name="value">The number.</param>
    public void WriteNumber(float value)
    {
        WriteSeparator();
        _output.Advance(JsNumberFormatter.Format(value, _output.GetSpan(JsNumberFormatter.MaxLength)));
        _needsComma = true;
    }

    /// <summary>Appends an attachment whose placeholder someone else writes.</summary>
    /// <param name="bytes">The binary value.</param>
    /// <returns>The placeholder number.</returns>
    internal int AddAttachment(ReadOnlyMemory<byte> bytes)
    {
        _attachments.Add(bytes);
        return _attachments.Count - 1;
    }

    /// <summary>Writes a string token taken from JSON text, still escaped, as JS would re-emit it.</summary>
    /// <param name="rawContent">The content between the quotes.</param>
    internal void WriteJsonStringValue(ReadOnlySpan<byte> rawContent)
    {
        WriteSeparator();
        WriteJsonString(rawContent);
        _needsComma = true;
    }

    /// <summary>Writes a member name taken from JSON text, still escaped.</summary>
    /// <param name="rawContent">The content between the quotes.</param>
    internal void WriteJsonPropertyName(ReadOnlySpan<byte> rawContent)
    {
        WriteSeparator();
        WriteJsonString(rawContent);
        WriteRaw((byte)':');
        _needsComma = false;
    }

    /// <summary>Writes a number token taken from System.Text.Json output, reformatted as JS prints it.</summary>
    /// <param name="token">The number token.</param>
    internal void WriteJsonNumber(ReadOnlySpan<byte> token)
    {
        WriteSeparator();
        _output.Advance(JsNumberFormatter.Normalize(token, _output.GetSpan(Math.Max(token.Length, JsNumberFormatter.MaxLength))));
        _needsComma = true;
    }

    private void WriteJsonString(ReadOnlySpan<byte> rawContent)
    {
        if (rawContent.IndexOf((byte)'\\') < 0)
        {
            var span = _output.GetSpan(rawContent.Length + 2);
            span[0] = (byte)'"';
            rawContent.CopyTo(span[1..]);
            span[rawContent.Length + 1] = (byte)'"';
            _output.Advance(rawContent.Length + 2);
        }
        else
        {
            JsStringEscaper.WriteQuotedFromJson(rawContent, _output);
        }
    }

    private void WriteStart(byte token)
    {
        if (_depth >= _maxDepth)
        {
            throw new JsonException($"The payload nests arrays and objects deeper than {_maxDepth} levels (SocketIoServerOptions.MaxJsonDepth); nothing was sent.");
        }

        WriteSeparator();
        WriteRaw(token);
        _depth++;
        _needsComma = false;
    }

    private void WriteEnd(byte token)
    {
        if (_depth == 0)
        {
            throw new InvalidOperationException("No array or object to end.");
        }

        WriteRaw(token);
        _depth--;
        _needsComma = true;
    }

    private void WriteSeparator()
    {
        if (_needsComma)
        {
            WriteRaw((byte)',');
        }
    }

    private void WriteRaw(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }
}
