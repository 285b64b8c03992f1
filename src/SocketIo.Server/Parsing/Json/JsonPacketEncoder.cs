using System.Globalization;
using System.Text;
using SocketIo.Server.Engine;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Frames an already written payload: the text message <c>4&lt;type&gt;[&lt;n&gt;-][&lt;nsp&gt;,][&lt;id&gt;]&lt;json&gt;</c>
/// (Engine.IO <c>4</c> included, one exact-size array) followed by one binary message per attachment.
/// </summary>
internal static class JsonPacketEncoder
{
    /// <summary>Builds the Engine.IO messages of one packet.</summary>
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
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(attachments);
        if (ackId < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ackId), ackId, "An ack id is never negative.");
        }

        var wireType = WireType(type, attachments.Count);
        var writesNamespace = @namespace.Length > 0 && @namespace != "/";
        Span<byte> numbers = stackalloc byte[48];
        var attachmentDigits = 0;
        if (wireType is SocketIoPacketType.BinaryEvent or SocketIoPacketType.BinaryAck)
        {
            attachments.Count.TryFormat(numbers, out attachmentDigits, default, CultureInfo.InvariantCulture);
            numbers[attachmentDigits++] = (byte)'-';
        }

        var idDigits = 0;
        if (ackId is { } id)
        {
            id.TryFormat(numbers[attachmentDigits..], out idDigits, default, CultureInfo.InvariantCulture);
        }

        var namespaceBytes = writesNamespace ? Encoding.UTF8.GetByteCount(@namespace) + 1 : 0;
        var wire = new byte[2 + attachmentDigits + namespaceBytes + idDigits + json.Length];
        wire[0] = (byte)'4';
        wire[1] = (byte)('0' + (int)wireType);
        var at = 2;
        numbers[..attachmentDigits].CopyTo(wire.AsSpan(at));
        at += attachmentDigits;
        if (writesNamespace)
        {
            at += Encoding.UTF8.GetBytes(@namespace, wire.AsSpan(at));
            wire[at++] = (byte)',';
        }

        numbers.Slice(attachmentDigits, idDigits).CopyTo(wire.AsSpan(at));
        at += idDigits;
        json.CopyTo(wire.AsSpan(at));

        var messages = new EngineMessage[1 + attachments.Count];
        messages[0] = EngineMessage.FromWireText(wire);
        for (var i = 0; i < attachments.Count; i++)
        {
            messages[i + 1] = EngineMessage.FromOwnedBinary(attachments[i]);
        }

        return messages;
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
