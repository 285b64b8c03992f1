using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIo.Server.Parsing;

namespace SocketIo.Server;

/// <summary>Turns received values into .NET values, and received JSON with placeholders into values with binary.</summary>
internal static class ArgumentBinder
{
    public static T? Bind<T>(object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null:
                return default;
            case T typed:
                return typed;
            case JsonElement element:
                return element.ValueKind == JsonValueKind.Undefined ? default : element.Deserialize<T>(options);
            case byte[] bytes when typeof(T) == typeof(ReadOnlyMemory<byte>):
                return (T)(object)new ReadOnlyMemory<byte>(bytes);
            case byte[] bytes when typeof(T) == typeof(Memory<byte>):
                return (T)(object)new Memory<byte>(bytes);
            case byte[] bytes when typeof(T) == typeof(ArraySegment<byte>):
                return (T)(object)new ArraySegment<byte>(bytes);
            case JsonNode node:
                return node.Deserialize<T>(options);
            default:
                // A value sent from this process (a local listener, an outgoing emit): round-trip it through JSON.
                return JsonSerializer.SerializeToElement(value, value.GetType(), options).Deserialize<T>(options);
        }
    }

    /// <summary>
    /// A placeholder becomes its attachment's bytes; JSON with placeholders inside becomes a node tree with byte
    /// arrays in their places; JSON without any stays as it is.
    /// </summary>
    public static object? ResolveBinary(JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (SocketIoPlaceholder.TryGetAttachment(element, attachments, out var attachment))
        {
            return attachment.ToArray();
        }

        return ContainsPlaceholder(element) ? ToNode(element, attachments) : element;
    }

    private static bool ContainsPlaceholder(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (SocketIoPlaceholder.IsMarked(element))
                {
                    return true;
                }

                foreach (var property in element.EnumerateObject())
                {
                    if (ContainsPlaceholder(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (ContainsPlaceholder(item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static JsonNode? ToNode(JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (SocketIoPlaceholder.TryGetAttachment(element, attachments, out var attachment))
        {
            return JsonValue.Create(attachment.ToArray());
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = ToNode(property.Value, attachments);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ToNode(item, attachments));
                }

                return array;
            default:
                return JsonValue.Create(element);
        }
    }
}
