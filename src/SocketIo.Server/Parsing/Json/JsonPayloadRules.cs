using System.Text.Json;

namespace SocketIo.Server.Parsing.Json;

/// <summary>The reference's <c>isPayloadValid</c> and placeholder checks, on parsed JSON.</summary>
internal static class JsonPayloadRules
{
    /// <summary>Whether a present payload has the shape its packet type requires.</summary>
    /// <param name="type">The packet type as written on the wire.</param>
    /// <param name="payload">The parsed payload.</param>
    public static bool IsValid(SocketIoPacketType type, JsonElement payload) => type switch
    {
        SocketIoPacketType.Connect => payload.ValueKind == JsonValueKind.Object,
        SocketIoPacketType.ConnectError => payload.ValueKind is JsonValueKind.Object or JsonValueKind.String,
        SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent => IsEventArray(payload),
        SocketIoPacketType.Ack or SocketIoPacketType.BinaryAck => payload.ValueKind == JsonValueKind.Array,
        _ => false,
    };

    /// <summary>
    /// Whether <paramref name="name"/> is one of the names a client may not emit because they have a meaning of their
    /// own on the server or in Node's EventEmitter.
    /// </summary>
    /// <param name="name">A JSON string.</param>
    public static bool IsReservedEventName(JsonElement name) =>
        name.ValueEquals("connect"u8)
        || name.ValueEquals("connect_error"u8)
        || name.ValueEquals("disconnect"u8)
        || name.ValueEquals("disconnecting"u8)
        || name.ValueEquals("newListener"u8)
        || name.ValueEquals("removeListener"u8);

    /// <summary>
    /// Throws unless every object marked <c>_placeholder: true</c> names an existing attachment. Like the reference,
    /// it does not look inside a placeholder.
    /// </summary>
    /// <param name="element">The payload of a binary packet.</param>
    /// <param name="attachmentCount">How many attachments the packet announced.</param>
    public static void ValidatePlaceholders(JsonElement element, int attachmentCount)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    ValidatePlaceholders(item, attachmentCount);
                }

                break;
            case JsonValueKind.Object when SocketIoPlaceholder.IsMarked(element):
                if (!SocketIoPlaceholder.TryGetIndex(element, attachmentCount, out _))
                {
                    throw new SocketIoParseException("illegal attachments");
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    ValidatePlaceholders(property.Value, attachmentCount);
                }

                break;
        }
    }

    private static bool IsEventArray(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Array || payload.GetArrayLength() == 0)
        {
            return false;
        }

        // A name with a lone surrogate escape is valid JS but no .NET string (and ValueEquals throws on some):
        // refused rather than left to fail later.
        var name = payload[0];
        return name.ValueKind == JsonValueKind.Number
            || (name.ValueKind == JsonValueKind.String && !JsonStringEscapes.HasLoneSurrogate(name) && !IsReservedEventName(name));
    }
}
