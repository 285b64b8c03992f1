using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// Writes <see cref="JsonElement"/> and <see cref="JsonNode"/> trees as the JS value <c>JSON.parse</c> would give:
/// integral numbers as integers (<c>1.0</c> and <c>1e2</c> included), others as float64. Node values may hold .NET
/// values (a received binary's <c>byte[]</c>, numbers, strings), which are written as such.
/// </summary>
internal static class JsonDomEncoder
{
    /// <summary>Writes an element; <see cref="JsonValueKind.Undefined"/> (a default element) is written as nil.</summary>
    /// <param name="encoder">Writes values nested in the element's slow paths.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="element">The element.</param>
    /// <param name="depth">Its depth.</param>
    public static void WriteElement(NotepackValueEncoder encoder, MessagePackWriter writer, JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(encoder, writer, element, depth);
                break;
            case JsonValueKind.Array:
                NotepackValueEncoder.EnterContainer(depth);
                writer.WriteArrayHeader(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(encoder, writer, item, depth + 1);
                }

                break;
            case JsonValueKind.String:
                WriteString(writer, element);
                break;
            case JsonValueKind.Number:
                WriteNumber(writer, element);
                break;
            case JsonValueKind.True:
                writer.WriteBoolean(true);
                break;
            case JsonValueKind.False:
                writer.WriteBoolean(false);
                break;
            default:
                writer.WriteNil();
                break;
        }
    }

    /// <summary>Writes a node tree; a null node is written as nil.</summary>
    /// <param name="encoder">Writes the .NET values held by the node's values.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="node">The node.</param>
    /// <param name="depth">Its depth.</param>
    public static void WriteNode(NotepackValueEncoder encoder, MessagePackWriter writer, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                writer.WriteNil();
                break;
            case JsonObject obj:
                var entries = new PooledBuffer<MapEntry>(obj.Count);
                try
                {
                    foreach (var (name, value) in obj)
                    {
                        entries.Add(new MapEntry(name, value, null));
                    }

                    encoder.WriteMap(writer, entries.Items, depth);
                }
                finally
                {
                    entries.Dispose();
                }

                break;
            case JsonArray array:
                NotepackValueEncoder.EnterContainer(depth);
                writer.WriteArrayHeader(array.Count);
                foreach (var item in array)
                {
                    WriteNode(encoder, writer, item, depth + 1);
                }

                break;
            case JsonValue value when value.TryGetValue<JsonElement>(out var element):
                WriteElement(encoder, writer, element, depth);
                break;
            case JsonValue value when value.TryGetValue<object>(out var held):
                encoder.Write(writer, held, null, depth);
                break;
            default:
                writer.WriteNil();
                break;
        }
    }

    private static void WriteObject(NotepackValueEncoder encoder, MessagePackWriter writer, JsonElement element, int depth)
    {
        NotepackValueEncoder.EnterContainer(depth);
        var count = 0;
        var mayReorder = false;
        foreach (var property in element.EnumerateObject())
        {
            count++;
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            mayReorder |= name.Length > 0 && (char.IsAsciiDigit((char)name[0]) || name[0] == (byte)'\\');
        }

        if (mayReorder)
        {
            // Rare: a key like "1" would come first in JS; box the members once and let the map writer order them.
            var entries = new PooledBuffer<MapEntry>(count);
            try
            {
                foreach (var property in element.EnumerateObject())
                {
                    entries.Add(new MapEntry(PropertyName(property), property.Value, null));
                }

                encoder.WriteMap(writer, entries.Items, depth);
            }
            finally
            {
                entries.Dispose();
            }

            return;
        }

        writer.WriteMapHeader(count);
        foreach (var property in element.EnumerateObject())
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            if (name.Contains((byte)'\\'))
            {
                writer.WriteString(PropertyName(property));
            }
            else
            {
                writer.WriteStringUtf8(name);
            }

            WriteElement(encoder, writer, property.Value, depth + 1);
        }
    }

    private static void WriteString(MessagePackWriter writer, JsonElement element)
    {
        // The raw token is the string's UTF-8 between quotes unless it has escapes.
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length >= 2 && !raw.Contains((byte)'\\'))
        {
            writer.WriteStringUtf8(raw[1..^1]);
            return;
        }

        string text;
        try
        {
            text = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            text = JsonStringText.Unescape(raw);
        }

        writer.WriteString(text);
    }

    private static void WriteNumber(MessagePackWriter writer, JsonElement element)
    {
        if (element.TryGetInt64(out var integer))
        {
            writer.WriteInteger(integer);
        }
        else if (element.TryGetUInt64(out var unsigned))
        {
            writer.WriteInteger(unsigned);
        }
        else
        {
            // JSON.parse gives ±Infinity for numbers beyond double's range, which TryGetDouble may refuse.
            var number = element.TryGetDouble(out var value)
                ? value
                : double.Parse(JsonMarshal.GetRawUtf8Value(element), NumberStyles.Float, CultureInfo.InvariantCulture);
            writer.WriteNumber(number);
        }
    }

    private static string PropertyName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return JsonStringText.Unescape(JsonMarshal.GetRawUtf8PropertyName(property));
        }
    }
}
