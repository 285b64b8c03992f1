using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Reads the text form <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;nsp&gt;,][&lt;id&gt;][&lt;json&gt;]</c> with index
/// scans only, so the cost stays linear in the message length whatever it holds.
/// </summary>
internal static class JsonPacketText
{
    private const string RootNamespace = "/";

    /// <summary>
    /// Decodes one text message. For BINARY_EVENT/BINARY_ACK the packet is returned as EVENT/ACK without attachments
    /// and <paramref name="attachmentCount"/> says how many binary messages complete it.
    /// </summary>
    /// <param name="text">The UTF-8 text, without the Engine.IO <c>4</c>.</param>
    /// <param name="options">The limits to apply.</param>
    /// <param name="attachmentCount">How many attachments follow; 0 for a complete packet.</param>
    public static SocketIoPacket Decode(ReadOnlySpan<byte> text, JsonSocketIoParserOptions options, out int attachmentCount)
    {
        // The reference reads an empty string as CONNECT (Number("") is 0); no client sends one, so refuse it.
        if (text.IsEmpty || text[0] < (byte)'0' || text[0] > (byte)'6')
        {
            throw new SocketIoParseException("unknown packet type");
        }

        var type = (SocketIoPacketType)(text[0] - '0');
        var i = 1;
        attachmentCount = 0;
        if (type is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck)
        {
            attachmentCount = ReadAttachmentCount(text, ref i, options.MaxAttachments);
        }

        var nsp = RootNamespace;
        if (i < text.Length && text[i] == (byte)'/')
        {
            var comma = text[i..].IndexOf((byte)',');
            var end = comma < 0 ? text.Length : i + comma;

            // No client writes a namespace that is not UTF-8, and replacing bad bytes costs ~34 bytes of garbage each.
            if (!Utf8.IsValid(text[i..end]))
            {
                throw new SocketIoParseException("invalid namespace");
            }

            nsp = Encoding.UTF8.GetString(text[i..end]);
            i = comma < 0 ? end : end + 1;
        }

        long? ackId = null;
        if (i < text.Length && IsDigit(text[i]))
        {
            ackId = ReadAckId(text, ref i);
        }

        JsonElement? data = null;
        if (i < text.Length)
        {
            data = ParsePayload(text[i..], type, options.MaxDepth);
        }

        if (attachmentCount > 0 && data is { } json)
        {
            JsonPayloadRules.ValidatePlaceholders(json, attachmentCount);
        }

        var reported = type switch
        {
            SocketIoPacketType.BinaryEvent => SocketIoPacketType.Event,
            SocketIoPacketType.BinaryAck => SocketIoPacketType.Ack,
            _ => type,
        };
        return new SocketIoPacket(reported, nsp, ackId, data);
    }

    /// <summary>
    /// How many binary messages follow this text message, reading only its header (no JSON): what a decoder needs to
    /// drop a whole packet unread.
    /// </summary>
    /// <exception cref="SocketIoParseException">The header is not a valid packet header.</exception>
    public static int AttachmentCountOf(ReadOnlySpan<byte> text, JsonSocketIoParserOptions options)
    {
        if (text.IsEmpty || text[0] < (byte)'0' || text[0] > (byte)'6')
        {
            throw new SocketIoParseException("unknown packet type");
        }

        var i = 1;
        return (SocketIoPacketType)(text[0] - '0') is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck
            ? ReadAttachmentCount(text, ref i, options.MaxAttachments)
            : 0;
    }

    private static int ReadAttachmentCount(ReadOnlySpan<byte> text, ref int i, int maxAttachments)
    {
        var dash = text[i..].IndexOf((byte)'-');
        if (dash <= 0)
        {
            throw new SocketIoParseException("Illegal attachments");
        }

        // Digits only: the reference coerces with Number(), which also takes " 1", "0x1" or "1e0".
        long count = 0;
        foreach (var c in text.Slice(i, dash))
        {
            if (!IsDigit(c))
            {
                throw new SocketIoParseException("Illegal attachments");
            }

            count = Math.Min((count * 10) + (c - '0'), int.MaxValue);
        }

        // 4.2.7 refuses 0: earlier versions then waited forever for an attachment that never comes.
        if (count < 1)
        {
            throw new SocketIoParseException("Illegal attachments");
        }

        if (count > maxAttachments)
        {
            throw new SocketIoParseException("too many attachments");
        }

        i += dash + 1;
        return (int)count;
    }

    private static long ReadAckId(ReadOnlySpan<byte> text, ref int i)
    {
        var start = i;
        long id = 0;
        while (i < text.Length && IsDigit(text[i]))
        {
            var digit = text[i] - '0';
            if (id > (long.MaxValue - digit) / 10)
            {
                throw new SocketIoParseException("invalid ack id");
            }

            id = (id * 10) + digit;
            i++;
        }

        return start == i ? throw new SocketIoParseException("invalid ack id") : id;
    }

    private static JsonElement ParsePayload(ReadOnlySpan<byte> json, SocketIoPacketType type, int maxDepth)
    {
        // Whitespace before the JSON would be the reference's ack id 0 (Number(" ") is 0): refuse that oddity.
        if (type == SocketIoPacketType.Disconnect || IsJsonWhitespace(json[0]) || !Utf8.IsValid(json))
        {
            throw new SocketIoParseException("invalid payload");
        }

        JsonElement element;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
            element = JsonElement.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new SocketIoParseException("invalid payload");
            }
        }
        catch (JsonException e)
        {
            throw new SocketIoParseException("invalid payload", e);
        }

        // A name System.Text.Json cannot read would make every lookup in its object throw; lone surrogates in string
        // values are kept (JS sends them, e.g. from text cut inside an emoji) and fail only a binding to string.
        if (!JsonPayloadRules.IsValid(type, element)
            || (JsonStringEscapes.HasLoneSurrogate(json) && JsonStringEscapes.HasLoneSurrogateInNames(element)))
        {
            throw new SocketIoParseException("invalid payload");
        }

        return element;
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool IsJsonWhitespace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
