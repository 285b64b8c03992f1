using System.Text.Json;
using System.Text.Unicode;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Validates a packet payload in one forward pass of <see cref="Utf8JsonReader"/>, building nothing: well-formed
/// UTF-8 JSON of one value, no deeper than the limit, the shape its type requires (the reference's
/// <c>isPayloadValid</c>), no lone surrogate escape in a property name, and for an EVENT where its name sits.
/// </summary>
internal static class JsonPayloadScan
{
    /// <summary>Throws unless <paramref name="json"/> is a valid payload for <paramref name="type"/>.</summary>
    /// <param name="json">The payload text, not empty.</param>
    /// <param name="type">The packet type as written on the wire.</param>
    /// <param name="maxDepth">The deepest nesting allowed.</param>
    /// <returns>For an EVENT, where its name is; otherwise null.</returns>
    /// <exception cref="SocketIoParseException">The payload is invalid.</exception>
    public static EventNameToken? Validate(ReadOnlySpan<byte> json, SocketIoPacketType type, int maxDepth)
    {
        // Whitespace before the JSON would be the reference's ack id 0 (Number(" ") is 0): refuse that oddity.
        if (type == SocketIoPacketType.Disconnect || IsJsonWhitespace(json[0]) || !Utf8.IsValid(json))
        {
            throw Invalid();
        }

        var isEvent = type is SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent;
        EventNameToken? name = null;
        JsonTokenType root;
        var validName = false;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
            reader.Read();
            root = reader.TokenType;
            if (root is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                var first = true;
                while (Next(ref reader))
                {
                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        // A name System.Text.Json cannot read would make every lookup in its object throw; lone
                        // surrogates in string values are kept (JS sends them, e.g. from text cut inside an emoji)
                        // and fail only a binding to string.
                        if (reader.ValueIsEscaped && JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan))
                        {
                            throw Invalid();
                        }
                    }
                    else if (first && isEvent && reader.CurrentDepth == 1 && root == JsonTokenType.StartArray)
                    {
                        first = false;
                        (validName, name) = ReadEventName(ref reader);
                    }
                }
            }

            if (reader.Read())
            {
                throw Invalid();
            }
        }
        catch (JsonException e)
        {
            throw new SocketIoParseException("invalid payload", e);
        }

        var valid = type switch
        {
            SocketIoPacketType.Connect => root == JsonTokenType.StartObject,
            SocketIoPacketType.ConnectError => root is JsonTokenType.StartObject or JsonTokenType.String,
            SocketIoPacketType.Event or SocketIoPacketType.BinaryEvent => validName,
            SocketIoPacketType.Ack or SocketIoPacketType.BinaryAck => root == JsonTokenType.StartArray,
            _ => false,
        };
        return valid ? name : throw Invalid();
    }

    /// <summary>Reads the next token of the root container; false once its end is read.</summary>
    private static bool Next(ref Utf8JsonReader reader)
    {
        // With the whole text final, the reader throws rather than run out inside a value.
        if (!reader.Read())
        {
            throw Invalid();
        }

        return reader.CurrentDepth > 0;
    }

    private static (bool Valid, EventNameToken? Name) ReadEventName(ref Utf8JsonReader reader)
    {
        var start = checked((int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return (true, new EventNameToken(start, reader.ValueSpan.Length, IsEscaped: false));
            case JsonTokenType.String:
                // A name with a lone surrogate escape is valid JS but no .NET string: refused rather than left to
                // fail later.
                var valid = !(reader.ValueIsEscaped && JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan))
                    && !IsReservedEventName(ref reader);
                return (valid, new EventNameToken(start + 1, reader.ValueSpan.Length, reader.ValueIsEscaped));
            default:
                return (false, null);
        }
    }

    /// <summary>The names a client may not emit: they have a meaning of their own on the server or in Node's EventEmitter.</summary>
    private static bool IsReservedEventName(ref Utf8JsonReader name) =>
        name.ValueTextEquals("connect"u8)
        || name.ValueTextEquals("connect_error"u8)
        || name.ValueTextEquals("disconnect"u8)
        || name.ValueTextEquals("disconnecting"u8)
        || name.ValueTextEquals("newListener"u8)
        || name.ValueTextEquals("removeListener"u8);

    private static SocketIoParseException Invalid() => new("invalid payload");

    private static bool IsJsonWhitespace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
