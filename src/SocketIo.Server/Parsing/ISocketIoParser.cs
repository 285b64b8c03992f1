using System.Buffers;
using SocketIo.Server.Engine;

namespace SocketIo.Server.Parsing;

/// <summary>
/// A Socket.IO wire format, chosen once per server and shared by all connections: the default JSON parser now, the
/// msgpack parser later. Implementations are thread-safe.
/// </summary>
internal interface ISocketIoParser
{
    /// <summary>Creates the decoder for a new connection.</summary>
    ISocketIoPacketDecoder CreateDecoder();

    /// <summary>
    /// Encodes a packet once into the Engine.IO messages to send, in order; the result may be sent to any number of
    /// connections.
    /// </summary>
    /// <param name="type">The packet type; EVENT and ACK become their binary forms when the payload holds binary.</param>
    /// <param name="namespace">The namespace; <c>/</c> is not written.</param>
    /// <param name="ackId">The ack id, if any.</param>
    /// <param name="payload">What the packet carries.</param>
    EngineMessage[] Encode(SocketIoPacketType type, string @namespace, long? ackId, in SocketIoPayload payload);

    /// <summary>
    /// Encodes a packet without allocating for its text: the complete wire text of its first message (the
    /// Engine.IO <c>4</c> included) is written into <paramref name="wireText"/>, a buffer the caller reuses.
    /// </summary>
    /// <param name="wireText">Receives the text message.</param>
    /// <param name="type">The packet type; EVENT and ACK become their binary forms when the payload holds binary.</param>
    /// <param name="namespace">The namespace; <c>/</c> is not written.</param>
    /// <param name="ackId">The ack id, if any.</param>
    /// <param name="payload">What the packet carries.</param>
    /// <returns>The attachments to send as binary messages after the text, in order; empty (not allocated) for none.</returns>
    ReadOnlyMemory<byte>[] EncodeTo(IBufferWriter<byte> wireText, SocketIoPacketType type, string @namespace, long? ackId, in SocketIoPayload payload);
}
