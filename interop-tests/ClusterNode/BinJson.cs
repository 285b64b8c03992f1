using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClusterNode;

/// <summary>
/// Binary values inside the control API's JSON, as interop-tests/support/bin-json.mjs: a byte array travels as
/// <c>{"$bin": "&lt;base64&gt;"}</c>; everything else is plain JSON.
/// </summary>
internal static class BinJson
{
    private const string BinaryKey = "$bin";

    /// <summary>
    /// Turns a control request's JSON value into what an app would emit: <c>{$bin}</c> objects become byte arrays;
    /// a subtree without any is kept as a <see cref="JsonElement"/>, one with binary inside becomes dictionaries and
    /// arrays around the byte arrays.
    /// </summary>
    public static object? FromJson(JsonElement value)
    {
        if (IsBinary(value, out var bytes))
        {
            return bytes;
        }

        if (!ContainsBinary(value))
        {
            return value.ValueKind == JsonValueKind.Null ? null : value.Clone();
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var list = new object?[value.GetArrayLength()];
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                list[i++] = FromJson(item);
            }

            return list;
        }

        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            map[property.Name] = FromJson(property.Value);
        }

        return map;
    }

    /// <summary>The elements of a JSON array (or none when absent), each through <see cref="FromJson"/>.</summary>
    public static object?[] ArgumentsFromJson(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var args = new object?[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            args[i++] = FromJson(item);
        }

        return args;
    }

    /// <summary>
    /// Turns a value the server handed over (JSON elements and nodes, byte arrays, dictionaries, lists, primitives,
    /// or any serializable object) into the control API's JSON.
    /// </summary>
    public static JsonNode? ToJson(object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null:
                return null;
            case byte[] bytes:
                return Binary(bytes);
            case ReadOnlyMemory<byte> memory:
                return Binary(memory.ToArray());
            case Memory<byte> memory:
                return Binary(memory.ToArray());
            case ArraySegment<byte> segment:
                return Binary(segment.ToArray());
            case JsonElement element:
                return element.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(element.GetRawText());
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, item) in obj)
                {
                    copy[key] = ToJson(item, options);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(ToJson(item, options));
                }

                return items;
            case JsonValue leaf:
                return leaf.TryGetValue<byte[]>(out var leafBytes) ? Binary(leafBytes)
                    : leaf.TryGetValue<JsonElement>(out var leafElement) ? ToJson(leafElement, options)
                    : leaf.DeepClone();
            case string or bool or int or long or double or float or decimal or short or byte or uint or ulong:
                return JsonSerializer.SerializeToNode(value, options);
            case IDictionary<string, object?> dictionary:
                return Object(dictionary, options);
            case IReadOnlyDictionary<string, object?> dictionary:
                return Object(dictionary, options);
            case IEnumerable sequence:
                var list = new JsonArray();
                foreach (var item in sequence)
                {
                    list.Add(ToJson(item, options));
                }

                return list;
            default:
                return JsonSerializer.SerializeToNode(value, value.GetType(), options);
        }
    }

    private static JsonObject Object(IEnumerable<KeyValuePair<string, object?>> entries, JsonSerializerOptions options)
    {
        var obj = new JsonObject();
        foreach (var (key, item) in entries)
        {
            obj[key] = ToJson(item, options);
        }

        return obj;
    }

    private static JsonObject Binary(byte[] bytes) => new() { [BinaryKey] = Convert.ToBase64String(bytes) };

    private static bool IsBinary(JsonElement value, out byte[] bytes)
    {
        bytes = [];
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var count = 0;
        string? base64 = null;
        foreach (var property in value.EnumerateObject())
        {
            count++;
            if (property.NameEquals(BinaryKey) && property.Value.ValueKind == JsonValueKind.String)
            {
                base64 = property.Value.GetString();
            }
        }

        if (count != 1 || base64 is null)
        {
            return false;
        }

        bytes = Convert.FromBase64String(base64);
        return true;
    }

    private static bool ContainsBinary(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (IsBinary(value, out _))
                {
                    return true;
                }

                foreach (var property in value.EnumerateObject())
                {
                    if (ContainsBinary(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    if (ContainsBinary(item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}
