using System.Text.Json;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// Reads JSON into the same value tree <see cref="MessagePack.IMessagePackCodec.Decode"/> gives (as
/// <c>JSON.parse</c> would see it): null, <see cref="bool"/>, <see cref="long"/> for integers that fit,
/// <see cref="double"/> for other numbers, <see cref="string"/>, <c>object?[]</c>, and
/// <see cref="Dictionary{TKey, TValue}"/> of string to object (the last of duplicate keys winning), so both encodings
/// of the classic protocol are decoded by one path.
/// </summary>
internal static class JsonTreeReader
{
    /// <summary>The deepest nesting accepted (as for msgpack); deeper input is rejected rather than followed.</summary>
    public const int MaxDepth = MessagePack.NotepackDecoder.MaxDepth;

    /// <summary>Reads one JSON value; anything but whitespace after it is an error.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <exception cref="JsonException">Not JSON, invalid UTF-8, too deep, or a number beyond the double range.</exception>
    public static object? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        if (!reader.Read())
        {
            throw new JsonException("Empty JSON.");
        }

        var value = ReadValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException("Data after the JSON value.");
        }

        return value;
    }

    private static object? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    map[key] = ReadValue(ref reader);
                }

                return map;
            case JsonTokenType.StartArray:
                var items = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return items.ToArray();
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var integer))
                {
                    return integer;
                }

                return reader.TryGetDouble(out var number) && double.IsFinite(number)
                    ? number
                    : throw new JsonException("A number beyond the double range.");
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            default:
                return null;
        }
    }
}
