using System.Text.Json;

namespace SocketIo.Server.Parsing.Json;

/// <summary>The reference's placeholder checks, on parsed JSON (binary packets only).</summary>
internal static class JsonPayloadRules
{
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
}
