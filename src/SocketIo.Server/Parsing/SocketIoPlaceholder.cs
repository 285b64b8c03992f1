using System.Text.Json;

namespace SocketIo.Server.Parsing;

/// <summary>
/// Recognises the <c>{"_placeholder":true,"num":i}</c> objects that stand for binary attachments in the JSON of a
/// binary packet. Duplicate keys resolve to the last one, as <c>JSON.parse</c> does.
/// </summary>
internal static class SocketIoPlaceholder
{
    /// <summary>Whether <paramref name="element"/> has <c>_placeholder</c> set to <c>true</c>, whatever its <c>num</c>.</summary>
    /// <param name="element">Any JSON value.</param>
    public static bool IsMarked(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var marked = false;
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals("_placeholder"u8))
            {
                marked = property.Value.ValueKind == JsonValueKind.True;
            }
        }

        return marked;
    }

    /// <summary>
    /// Whether <paramref name="element"/> is a placeholder whose <c>num</c> is an integer in
    /// [0, <paramref name="attachmentCount"/>); if so, <paramref name="index"/> is that number.
    /// </summary>
    /// <param name="element">Any JSON value.</param>
    /// <param name="attachmentCount">How many attachments the packet has.</param>
    /// <param name="index">The attachment index.</param>
    public static bool TryGetIndex(JsonElement element, int attachmentCount, out int index)
    {
        index = -1;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var marked = false;
        JsonElement num = default;
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals("_placeholder"u8))
            {
                marked = property.Value.ValueKind == JsonValueKind.True;
            }
            else if (property.NameEquals("num"u8))
            {
                num = property.Value;
            }
        }

        if (!marked || num.ValueKind != JsonValueKind.Number || !num.TryGetDouble(out var value))
        {
            return false;
        }

        // JSON.parse reads num as a double; "1.0" and "1e0" name attachment 1 there too.
        if (value < 0 || value >= attachmentCount || Math.Floor(value) != value)
        {
            return false;
        }

        index = (int)value;
        return true;
    }

    /// <summary>Resolves a placeholder to its attachment; false for any other value.</summary>
    /// <param name="element">Any JSON value of the packet.</param>
    /// <param name="attachments">The packet's attachments.</param>
    /// <param name="attachment">The attachment the placeholder stands for.</param>
    public static bool TryGetAttachment(
        JsonElement element,
        IReadOnlyList<ReadOnlyMemory<byte>> attachments,
        out ReadOnlyMemory<byte> attachment)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        if (TryGetIndex(element, attachments.Count, out var index))
        {
            attachment = attachments[index];
            return true;
        }

        attachment = default;
        return false;
    }
}
