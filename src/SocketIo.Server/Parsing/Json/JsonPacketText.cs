using System.Text.Unicode;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Reads the text form <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;nsp&gt;,][&lt;id&gt;][&lt;json&gt;]</c> with index
/// scans only, so the cost stays linear in the message length whatever it holds.
/// </summary>
internal static class JsonPacketText
{
    /// <summary>
    /// Decodes one text message into <paramref name="packet"/>, which then views <paramref name="text"/>. For
    /// BINARY_EVENT/BINARY_ACK the packet is reported as EVENT/ACK without attachments and
    /// <paramref name="attachmentCount"/> says how many binary messages complete it.
    /// </summary>
    /// <param name="text">The UTF-8 text, without the Engine.IO <c>4</c>.</param>
    /// <param name="options">The limits to apply.</param>
    /// <param name="packet">The packet to fill.</param>
    /// <param name="attachmentCount">How many attachments follow; 0 for a complete packet.</param>
    public static void Decode(ReadOnlyMemory<byte> text, JsonSocketIoParserOptions options, SocketIoPacket packet, out int attachmentCount)
    {
        var span = text.Span;

        // The reference reads an empty string as CONNECT (Number("") is 0); no client sends one, so refuse it.
        if (span.IsEmpty || span[0] < (byte)'0' || span[0] > (byte)'6')
        {
            throw new SocketIoParseException("unknown packet type");
        }

        var type = (SocketIoPacketType)(span[0] - '0');
        var i = 1;
        attachmentCount = 0;
        if (type is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck)
        {
            attachmentCount = ReadAttachmentCount(span, ref i, options.MaxAttachments);
        }

        var nsp = ReadOnlyMemory<byte>.Empty;
        if (i < span.Length && span[i] == (byte)'/')
        {
            var comma = span[i..].IndexOf((byte)',');
            var end = comma < 0 ? span.Length : i + comma;

            // No client writes a namespace that is not UTF-8, and replacing bad bytes costs ~34 bytes of garbage each.
            if (!Utf8.IsValid(span[i..end]))
            {
                throw new SocketIoParseException("invalid namespace");
            }

            // "/" written out is the default namespace, as when none is written.
            nsp = end - i == 1 ? ReadOnlyMemory<byte>.Empty : text[i..end];
            i = comma < 0 ? end : end + 1;
        }

        long? ackId = null;
        if (i < span.Length && IsDigit(span[i]))
        {
            ackId = ReadAckId(span, ref i);
        }

        var payload = text[i..];
        EventNameToken? eventName = null;
        if (!payload.IsEmpty)
        {
            eventName = JsonPayloadScan.Validate(payload.Span, type, options.MaxDepth, attachmentCount);
        }

        var reported = type switch
        {
            SocketIoPacketType.BinaryEvent => SocketIoPacketType.Event,
            SocketIoPacketType.BinaryAck => SocketIoPacketType.Ack,
            _ => type,
        };
        packet.Reset(reported, nsp, ackId, payload, eventName, options.MaxDepth);
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

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';
}
