using System.Buffers;
using System.Globalization;
using System.Text;
using SocketIo.Server.Engine;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Frames an already written payload: the text message <c>4&lt;type&gt;[&lt;n&gt;-][&lt;nsp&gt;,][&lt;id&gt;]&lt;json&gt;</c>
/// (Engine.IO <c>4</c> included), into one exact-size array or into the caller's buffer, followed by one binary
/// message per attachment.
/// </summary>
internal static class JsonPacketEncoder
{
    /// <summary>Builds the Engine.IO messages of one packet: one exact-size array for the text message.</summary>
    /// <param name="type">The requested type; EVENT/ACK become BINARY_EVENT/BINARY_ACK when there are attachments.</param>
    /// <param name="namespace">The namespace; <c>/</c> and empty are not written.</param>
    /// <param name="ackId">The ack id, if any.</param>
    /// <param name="json">The payload as JSON.stringify writes it, empty for none.</param>
    /// <param name="attachments">The attachments its placeholders refer to.</param>
    public static EngineMessage[] Encode(
        SocketIoPacketType type,
        string @namespace,
        long? ackId,
        ReadOnlySpan<byte> json,
        IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        var header = new Header(type, @namespace, ackId, attachments.Count);
        var wire = new byte[header.Length + json.Length];
        header.Write(wire, json);

        var messages = new EngineMessage[1 + attachments.Count];
        messages[0] = EngineMessage.FromWireText(wire);
        for (var i = 0; i < attachments.Count; i++)
        {
            messages[i + 1] = EngineMessage.FromOwnedBinary(attachments[i]);
        }

        return messages;
    }

    /// <summary>
    /// Writes the complete wire text of one packet (the Engine.IO <c>4</c> included) into <paramref name="output"/>;
    /// nothing is allocated. The attachments, if any, follow as binary messages.
    /// </summary>
    /// <param name="output">Where to write.</param>
    /// <param name="type">The requested type; EVENT/ACK become BINARY_EVENT/BINARY_ACK when there are attachments.</param>
    /// <param name="namespace">The namespace; <c>/</c> and empty are not written.</param>
    /// <param name="ackId">The ack id, if any.</param>
    /// <param name="json">The payload as JSON.stringify writes it, empty for none.</param>
    /// <param name="attachmentCount">How many attachments its placeholders refer to.</param>
    /// <returns>The number of bytes written.</returns>
    public static int WriteText(
        IBufferWriter<byte> output,
        SocketIoPacketType type,
        string @namespace,
        long? ackId,
        ReadOnlySpan<byte> json,
        int attachmentCount)
    {
        ArgumentNullException.ThrowIfNull(output);
        var header = new Header(type, @namespace, ackId, attachmentCount);
        var length = header.Length + json.Length;
        header.Write(output.GetSpan(length)[..length], json);
        output.Advance(length);
        return length;
    }

    /// <summary>The <c>4&lt;type&gt;[&lt;n&gt;-][&lt;nsp&gt;,][&lt;id&gt;]</c> before the payload, measured before it is written.</summary>
    private readonly ref struct Header
    {
        private readonly SocketIoPacketType _wireType;
        private readonly string _namespace;
        private readonly int _attachmentCount;
        private readonly long _ackId;
        private readonly int _attachmentDigits;
        private readonly int _namespaceBytes;
        private readonly int _idDigits;

        public Header(SocketIoPacketType type, string @namespace, long? ackId, int attachmentCount)
        {
            ArgumentNullException.ThrowIfNull(@namespace);
            if (ackId < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(ackId), ackId, "An ack id is never negative.");
            }

            _wireType = WireType(type, attachmentCount);
            _namespace = @namespace.Length > 0 && @namespace != "/" ? @namespace : string.Empty;
            _attachmentCount = attachmentCount;
            _ackId = ackId ?? -1;
            _attachmentDigits = _wireType is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck
                ? CountDigits((ulong)attachmentCount) + 1
                : 0;
            _namespaceBytes = _namespace.Length > 0 ? Encoding.UTF8.GetByteCount(_namespace) + 1 : 0;
            _idDigits = ackId is { } id ? CountDigits((ulong)id) : 0;
        }

        public int Length => 2 + _attachmentDigits + _namespaceBytes + _idDigits;

        /// <summary>Writes the header then <paramref name="json"/> into exactly <see cref="Length"/> + its length bytes.</summary>
        public void Write(Span<byte> wire, ReadOnlySpan<byte> json)
        {
            wire[0] = (byte)'4';
            wire[1] = (byte)('0' + (int)_wireType);
            var at = 2;
            if (_attachmentDigits > 0)
            {
                _attachmentCount.TryFormat(wire[at..], out var written, default, CultureInfo.InvariantCulture);
                at += written;
                wire[at++] = (byte)'-';
            }

            if (_namespaceBytes > 0)
            {
                at += Encoding.UTF8.GetBytes(_namespace, wire[at..]);
                wire[at++] = (byte)',';
            }

            if (_idDigits > 0)
            {
                _ackId.TryFormat(wire[at..], out var written, default, CultureInfo.InvariantCulture);
                at += written;
            }

            json.CopyTo(wire[at..]);
        }

        private static int CountDigits(ulong value)
        {
            var digits = 1;
            while (value >= 10)
            {
                value /= 10;
                digits++;
            }

            return digits;
        }
    }

    private static SocketIoPacketType WireType(SocketIoPacketType type, int attachmentCount)
    {
        var plain = type switch
        {
            SocketIoPacketType.BinaryEvent => SocketIoPacketType.Event,
            SocketIoPacketType.BinaryAck => SocketIoPacketType.Ack,
            SocketIoPacketType.Connect or SocketIoPacketType.Disconnect or SocketIoPacketType.Event
                or SocketIoPacketType.Ack or SocketIoPacketType.ConnectError => type,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown packet type."),
        };
        if (attachmentCount == 0)
        {
            return plain;
        }

        return plain switch
        {
            SocketIoPacketType.Event => SocketIoPacketType.BinaryEvent,
            SocketIoPacketType.Ack => SocketIoPacketType.BinaryAck,
            _ => throw new ArgumentException("Only EVENT and ACK packets can carry binary attachments.", nameof(type)),
        };
    }
}
