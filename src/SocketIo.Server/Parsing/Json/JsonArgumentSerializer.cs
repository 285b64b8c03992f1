using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Writes C# argument values into a <see cref="JsonStringifyWriter"/>. JSON primitives, binary values,
/// <see cref="JsonElement"/> and <c>object?[]</c> are written directly; any other value is serialized by
/// System.Text.Json (binary members still become attachments) and its output re-read so strings and numbers end up
/// exactly as <c>JSON.stringify</c> prints them.
/// </summary>
internal sealed class JsonArgumentSerializer
{
    [ThreadStatic]
    private static SerializerScratch? t_scratch;

    private readonly JsonSerializerOptions _options;

    /// <summary>Creates a serializer.</summary>
    /// <param name="options">The caller's settings; copied, never changed. Web defaults (camelCase) when null.</param>
    public JsonArgumentSerializer(JsonSerializerOptions? options)
    {
        var copy = options is null ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions(options);
        copy.Converters.Insert(0, BinaryPlaceholderConverter.ByteArray);
        copy.Converters.Insert(0, BinaryPlaceholderConverter.ReadOnlyMemory);
        copy.Converters.Insert(0, BinaryPlaceholderConverter.Memory);
        copy.Converters.Insert(0, BinaryPlaceholderConverter.ArraySegment);
        copy.Converters.Insert(0, JsNumberConverter.Double);
        copy.Converters.Insert(0, JsNumberConverter.Single);
        copy.Converters.Insert(0, JsStringConverter.Instance);
        copy.MakeReadOnly(populateMissingResolver: true);
        _options = copy;
    }

    /// <summary>Writes one value.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    public void Write(JsonStringifyWriter writer, object? value)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null:
                writer.WriteNull();
                break;
            case string s:
                writer.WriteString(s);
                break;
            case bool b:
                writer.WriteBoolean(b);
                break;
            case int i:
                writer.WriteNumber(i);
                break;
            case long l:
                writer.WriteNumber(l);
                break;
            case double d:
                writer.WriteNumber(d);
                break;
            case float f:
                writer.WriteNumber(f);
                break;
            case decimal m:
                // By its digits: the (double) cast is off for some values (12345678901234567890.5m comes out 2048 high).
                writer.WriteNumber(double.Parse(m.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
                break;
            case short or sbyte or byte or ushort or uint:
                writer.WriteNumber(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                writer.WriteNumber(u);
                break;
            case char c:
                writer.WriteString([c]);
                break;
            case JsonElement element:
                writer.WriteElement(element);
                break;
            case JsonDocument document:
                writer.WriteElement(document.RootElement);
                break;
            case byte[] bytes:
                writer.WriteBinary(bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                writer.WriteBinary(memory);
                break;
            case Memory<byte> memory:
                writer.WriteBinary(memory);
                break;
            case ArraySegment<byte> segment:
                writer.WriteBinary(segment);
                break;
            case JsonNode node:
                WriteNode(writer, node);
                break;
            case object?[] array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                WriteSerialized(writer, value);
                break;
        }
    }

    private void WriteNode(JsonStringifyWriter writer, JsonNode? node)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case null:
                writer.WriteNull();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj)
                {
                    writer.WritePropertyName(name);
                    WriteNode(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteNode(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue<JsonElement>(out var element):
                writer.WriteElement(element);
                break;
            case JsonValue value when value.TryGetValue<object>(out var boxed):
                // Binary and plain .NET values held by the node (byte[] from a received attachment, numbers, strings).
                Write(writer, boxed);
                break;
            default:
                writer.WriteNull();
                break;
        }
    }

    private void WriteSerialized(JsonStringifyWriter writer, object value)
    {
        var typeInfo = _options.GetTypeInfo(value.GetType());
        var scratch = t_scratch ?? new SerializerScratch();
        t_scratch = null;
        var previous = BinaryPlaceholderConverter.Target;
        BinaryPlaceholderConverter.Target = writer;
        try
        {
            JsonSerializer.Serialize(scratch.Writer, value, typeInfo);
            scratch.Writer.Flush();
            Transcode(scratch.Output.WrittenSpan, writer);
        }
        finally
        {
            BinaryPlaceholderConverter.Target = previous;
            scratch.Reset();
            t_scratch = scratch.Output.Capacity <= 64 * 1024 ? scratch : null;
        }
    }

    private static void Transcode(ReadOnlySpan<byte> json, JsonStringifyWriter writer)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue / 2 });
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    writer.WriteStartObject();
                    break;
                case JsonTokenType.EndObject:
                    writer.WriteEndObject();
                    break;
                case JsonTokenType.StartArray:
                    writer.WriteStartArray();
                    break;
                case JsonTokenType.EndArray:
                    writer.WriteEndArray();
                    break;
                case JsonTokenType.PropertyName:
                    writer.WriteJsonPropertyName(reader.ValueSpan);
                    break;
                case JsonTokenType.String:
                    writer.WriteJsonStringValue(reader.ValueSpan);
                    break;
                case JsonTokenType.Number:
                    writer.WriteJsonNumber(reader.ValueSpan);
                    break;
                case JsonTokenType.True:
                    writer.WriteBoolean(true);
                    break;
                case JsonTokenType.False:
                    writer.WriteBoolean(false);
                    break;
                default:
                    writer.WriteNull();
                    break;
            }
        }
    }

    private sealed class SerializerScratch
    {
        public SerializerScratch()
        {
            Output = new ArrayBufferWriter<byte>(256);

            // Relaxed escaping leaves the fewest escapes to undo; the transcoder re-escapes the JS way anyway.
            Writer = new Utf8JsonWriter(Output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 1000 });
        }

        public ArrayBufferWriter<byte> Output { get; }

        public Utf8JsonWriter Writer { get; }

        public void Reset()
        {
            Output.ResetWrittenCount();
            Writer.Reset(Output);
        }
    }
}
