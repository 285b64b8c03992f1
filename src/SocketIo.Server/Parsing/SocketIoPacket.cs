using System.Text.Json;

namespace SocketIo.Server.Parsing;

/// <summary>
/// A decoded inbound packet. It owns all its memory (the JSON and the attachments are copies), so it may outlive
/// the engine buffer it was read from.
/// </summary>
internal sealed class SocketIoPacket
{
    private static readonly ReadOnlyMemory<byte>[] NoAttachments = [];

    /// <summary>Creates a packet.</summary>
    /// <param name="type">The packet type; binary types are reported as <see cref="SocketIoPacketType.Event"/> or <see cref="SocketIoPacketType.Ack"/>.</param>
    /// <param name="namespace">The namespace, <c>/</c> when the packet named none.</param>
    /// <param name="ackId">The ack id, if any.</param>
    /// <param name="data">The payload, if any.</param>
    /// <param name="attachments">The binary attachments, in placeholder order.</param>
    public SocketIoPacket(
        SocketIoPacketType type,
        string @namespace,
        long? ackId,
        JsonElement? data,
        IReadOnlyList<ReadOnlyMemory<byte>>? attachments = null)
    {
        Type = type;
        Namespace = @namespace;
        AckId = ackId;
        Data = data;
        Attachments = attachments ?? NoAttachments;
    }

    /// <summary>
    /// The packet type. As in the reference, a complete BINARY_EVENT or BINARY_ACK is reported as EVENT or ACK;
    /// <see cref="Attachments"/> tells them apart.
    /// </summary>
    public SocketIoPacketType Type { get; }

    /// <summary>The namespace, <c>/</c> by default.</summary>
    public string Namespace { get; }

    /// <summary>The ack id the sender expects an answer to (EVENT) or answers (ACK).</summary>
    public long? AckId { get; }

    /// <summary>
    /// The JSON payload, null when the packet had none. Placeholders (<c>{"_placeholder":true,"num":i}</c>) are left
    /// in place and already validated; <see cref="SocketIoPlaceholder"/> resolves them.
    /// </summary>
    public JsonElement? Data { get; }

    /// <summary>The binary attachments; empty unless the packet arrived as BINARY_EVENT or BINARY_ACK.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; }

    /// <summary>Whether the packet arrived as BINARY_EVENT or BINARY_ACK (the reference never accepts zero attachments).</summary>
    public bool HadAttachments => Attachments.Count > 0;
}
