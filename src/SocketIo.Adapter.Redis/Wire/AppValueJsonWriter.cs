using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// Writes application values (event arguments, acknowledgement values, socket data) into a message's JSON close to
/// how <c>JSON.stringify</c> prints them: numbers the JavaScript way, NaN and infinities as <c>null</c>, other objects
/// through System.Text.Json with the server's settings. It also notices binary values: a message holding binary is
/// sent as MessagePack instead, as Node's <c>hasBinary</c> decides, so the JSON written then is thrown away.
/// </summary>
internal sealed class AppValueJsonWriter
{
    [ThreadStatic]
    private static bool t_sawBinary;

    private readonly JsonSerializerOptions _options;

    /// <summary>Creates the writer for the server's serializer settings.</summary>
    /// <param name="serializerOptions">The server's settings (copied, never changed); web defaults when null.</param>
    public AppValueJsonWriter(JsonSerializerOptions? serializerOptions)
    {
        var options = serializerOptions is null ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions(serializerOptions);

        // Ahead of the application's converters: binary members must be seen, and numbers printed the JS way.
        options.Converters.Insert(0, new BinaryProbe<byte[]>());
        options.Converters.Insert(0, new BinaryProbe<ReadOnlyMemory<byte>>());
        options.Converters.Insert(0, new BinaryProbe<Memory<byte>>());
        options.Converters.Insert(0, new BinaryProbe<ArraySegment<byte>>());
        options.Converters.Insert(0, new JsDoubleConverter());
        options.Converters.Insert(0, new JsSingleConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        _options = options;
    }

    /// <summary>Starts watching for binary values on this thread.</summary>
    public static void BeginBinaryWatch() => t_sawBinary = false;

    /// <summary>Whether a binary value was written on this thread since <see cref="BeginBinaryWatch"/>.</summary>
    public static bool SawBinary => t_sawBinary;

    /// <summary>Writes one value; binary is written as <c>null</c> and noted.</summary>
    public void Write(Utf8JsonWriter writer, object? value)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int or long or short or sbyte or byte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                WriteDouble(writer, number);
                break;
            case float number:
                WriteSingle(writer, number);
                break;
            case decimal number:
                WriteDouble(writer, (double)number);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case JsonDocument document:
                document.RootElement.WriteTo(writer);
                break;
            case byte[] or ReadOnlyMemory<byte> or Memory<byte> or ArraySegment<byte>:
                NoteBinary(writer);
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
                JsonSerializer.Serialize(writer, value, _options.GetTypeInfo(value.GetType()));
                break;
        }
    }

    private void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, item) in obj)
                {
                    writer.WritePropertyName(name);
                    WriteNode(writer, item);
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
            case JsonValue jsonValue when jsonValue.TryGetValue<JsonElement>(out var element):
                element.WriteTo(writer);
                break;
            case JsonValue jsonValue when jsonValue.TryGetValue<object>(out var boxed):
                Write(writer, boxed);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void NoteBinary(Utf8JsonWriter writer)
    {
        t_sawBinary = true;
        writer.WriteNullValue();
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            WireNumbers.Write(writer, value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    // The float's own shortest digits (0.1f is 0.1, as the server prints it), not those of its double widening.
    private static void WriteSingle(Utf8JsonWriter writer, float value) =>
        WriteDouble(writer, float.IsFinite(value) ? double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : double.NaN);

    private sealed class BinaryProbe<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("The adapter only writes application values.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => NoteBinary(writer);
    }

    private sealed class JsDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => WriteDouble(writer, value);
    }

    private sealed class JsSingleConverter : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options) => WriteSingle(writer, value);
    }
}
