using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// Turns a decoded tree into a received argument as the server expects one: what the JS value would be after
/// <c>JSON.stringify</c> in a Node node, with binaries kept as bytes.
/// </summary>
internal static class DecodedValues
{
    private const int MaxDepth = NotepackValueEncoder.MaxDepth;

    [ThreadStatic]
    private static JsonScratch? t_scratch;

    /// <summary>
    /// A <see cref="JsonElement"/> when the value holds no binary, the <c>byte[]</c> when it is one, and a
    /// <see cref="JsonNode"/> tree with <c>byte[]</c> values when binaries are nested. Numbers print as JS prints them
    /// (NaN and infinities as null), dates as <c>toISOString</c>, undefined as null (and dropped from maps), and an
    /// unknown extension as the <c>[type, bytes]</c> array notepack gives.
    /// </summary>
    /// <param name="decoded">A value from <see cref="IMessagePackCodec.Decode"/>.</param>
    public static object? ToArgument(object? decoded) => decoded switch
    {
        byte[] bytes => bytes,
        MessagePackUndefined => null,
        _ when ContainsBinary(decoded, 0) => ToNode(decoded),
        _ => ToElement(decoded),
    };

    private static bool ContainsBinary(object? value, int depth)
    {
        switch (value)
        {
            case byte[] or MessagePackExtension:
                return true;
            case object?[] items:
                EnterContainer(depth);
                foreach (var item in items)
                {
                    if (ContainsBinary(item, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case Dictionary<string, object?> map:
                EnterContainer(depth);
                foreach (var item in map.Values)
                {
                    if (ContainsBinary(item, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static JsonElement ToElement(object? value)
    {
        var scratch = t_scratch ?? new JsonScratch();
        t_scratch = null;
        try
        {
            WriteJson(scratch.Writer, value, 0);
            scratch.Writer.Flush();
            var reader = new Utf8JsonReader(scratch.Output.WrittenSpan, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
            return JsonElement.ParseValue(ref reader);
        }
        finally
        {
            scratch.Reset();
            t_scratch = scratch.Output.Capacity <= 64 * 1024 ? scratch : null;
        }
    }

    private static void WriteJson(Utf8JsonWriter writer, object? value, int depth)
    {
        switch (value)
        {
            case null or MessagePackUndefined:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long integer:
                writer.WriteNumberValue(integer);
                break;
            case double number when double.IsFinite(number):
                Span<byte> digits = stackalloc byte[JsNumberText.MaxLength];
                writer.WriteRawValue(digits[..JsNumberText.FormatFinite(number, digits)], skipInputValidation: true);
                break;
            case double:
                writer.WriteNullValue();
                break;
            case DateTimeOffset date:
                writer.WriteStringValue(JsDate.ToIsoString(date));
                break;
            case object?[] items:
                EnterContainer(depth);
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteJson(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case Dictionary<string, object?> map:
                EnterContainer(depth);
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    if (item is not MessagePackUndefined)
                    {
                        writer.WritePropertyName(key);
                        WriteJson(writer, item, depth + 1);
                    }
                }

                writer.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"{value.GetType()} is not a value of a decoded MessagePack tree.", nameof(value));
        }
    }

    private static JsonNode? ToNode(object? value, int depth = 0)
    {
        switch (value)
        {
            case null or MessagePackUndefined:
                return null;
            case byte[] bytes:
                return JsonValue.Create(bytes);
            case MessagePackExtension extension:
                return new JsonArray(JsonValue.Create((long)extension.Type), JsonValue.Create(extension.Data));
            case object?[] items:
                EnterContainer(depth);
                var array = new JsonArray();
                foreach (var item in items)
                {
                    array.Add(ToNode(item, depth + 1));
                }

                return array;
            case Dictionary<string, object?> map:
                EnterContainer(depth);
                var obj = new JsonObject();
                foreach (var (key, item) in map)
                {
                    if (item is not MessagePackUndefined)
                    {
                        obj[key] = ToNode(item, depth + 1);
                    }
                }

                return obj;
            case string text:
                return JsonValue.Create(text);
            case long integer:
                return JsonValue.Create(integer);
            case bool flag:
                return JsonValue.Create(flag);
            default:
                // Numbers printed the JS way, NaN as null, dates as ISO strings: as in the JsonElement form.
                return JsonValue.Create(ToElement(value));
        }
    }

    private static void EnterContainer(int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new ArgumentException($"The value nests deeper than {MaxDepth} levels.");
        }
    }

    private sealed class JsonScratch
    {
        public JsonScratch()
        {
            Output = new ArrayBufferWriter<byte>(256);

            // Escaping is irrelevant to the value; the server escapes the JS way when it writes the argument out.
            Writer = new Utf8JsonWriter(Output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = MaxDepth + 1 });
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
