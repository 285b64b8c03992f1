using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Writes string values of serialized objects with the JS escaper, because System.Text.Json refuses strings with
/// lone surrogates that <c>JSON.stringify</c> writes as <c>\udxxx</c>.
/// </summary>
internal sealed class JsStringConverter : JsonConverter<string>
{
    /// <summary>The shared instance.</summary>
    public static readonly JsStringConverter Instance = new();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    /// <inheritdoc />
    public override bool HandleNull => false;

    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        // One huge string should not keep its buffer pinned to the thread.
        var scratch = t_scratch is { Capacity: <= 64 * 1024 } cached ? cached : t_scratch = new ArrayBufferWriter<byte>(256);
        scratch.ResetWrittenCount();
        JsStringEscaper.WriteQuoted(value, scratch);
        writer.WriteRawValue(scratch.WrittenSpan, skipInputValidation: true);
    }
}
