namespace SocketIo.Server.Engine;

/// <summary>One Engine.IO session, whichever transport currently carries it.</summary>
public abstract class EngineConnection
{
    /// <summary>The session id: 20 URL-safe characters from a cryptographic random source. Keep it secret.</summary>
    public abstract string Id { get; }

    /// <summary>The HTTP request that opened the session, as it was then.</summary>
    public abstract EngineHandshake Handshake { get; }

    /// <summary>The transport now carrying the session: <c>"polling"</c> or <c>"websocket"</c>.</summary>
    public abstract string TransportName { get; }

    /// <summary>Triggered when the session closes.</summary>
    public abstract CancellationToken ConnectionClosed { get; }

    /// <summary>
    /// True when a packet sent now would be written at once: a poll is waiting (polling) or nothing is queued or
    /// being written (WebSocket). Volatile packets are dropped when this is false.
    /// </summary>
    public abstract bool IsWritable { get; }

    /// <summary>Whatever the handler wants to keep with this connection.</summary>
    public object? State { get; set; }

    /// <summary>
    /// Queues a packet for the client. Returns false when the connection is closing or closed, or when the client
    /// stays over <see cref="EngineOptions.MaxBufferedBytes"/>: the connection is then closed with
    /// <see cref="EngineCloseReason.SlowConsumer"/>. Never blocks.
    /// </summary>
    /// <param name="message">The packet; the same instance may be sent on many connections.</param>
    public abstract bool Send(EngineMessage message);

    /// <summary>
    /// Queues several packets as one unit (a Socket.IO packet and its binary attachments): no packet sent
    /// concurrently on this connection lands between them. Returns false when the connection is closing or closed,
    /// or when the client stays over <see cref="EngineOptions.MaxBufferedBytes"/> (the connection is then closed with
    /// <see cref="EngineCloseReason.SlowConsumer"/>). Never blocks.
    /// </summary>
    /// <param name="messages">The packets, in order; instances may be shared across connections.</param>
    public abstract bool Send(ReadOnlySpan<EngineMessage> messages);

    /// <summary>
    /// Queues packets that may be lost: they are dropped (false) when the transport is not writable (see
    /// <see cref="IsWritable"/>) or when they would take the bytes buffered for the client past
    /// <see cref="EngineOptions.MaxBufferedBytes"/>. A dropped send never closes the connection.
    /// </summary>
    /// <param name="messages">The packets, in order, sent as one unit; instances may be shared across connections.</param>
    public abstract bool SendVolatile(ReadOnlySpan<EngineMessage> messages);

    /// <summary>Closes the session after what is queued has been written (reason <see cref="EngineCloseReason.ForcedClose"/>).</summary>
    public abstract void Close();
}
