namespace SocketIo.Server.Parsing;

/// <summary>
/// Turns the Engine.IO messages of one connection into Socket.IO packets. Stateful (a binary packet spans several
/// messages), so there is one per connection; not thread-safe, which suits the engine's one-message-at-a-time calls.
/// </summary>
internal interface ISocketIoPacketDecoder
{
    /// <summary>
    /// Feeds one Engine.IO message, exactly as <c>IEngineConnectionHandler.OnMessageAsync</c> receives it. A packet
    /// completed by a text message views <paramref name="data"/> and is reused: it is valid until the next call to
    /// this decoder and only while <paramref name="data"/> is, so read (or copy) what must outlive the engine's message
    /// call before that call completes. A packet completed by an attachment owns its memory.
    /// </summary>
    /// <param name="data">UTF-8 text (without the Engine.IO <c>4</c>) or the binary bytes.</param>
    /// <param name="isBinary">Whether the message is binary.</param>
    /// <returns>The completed packet, or null while attachments are still expected.</returns>
    /// <exception cref="SocketIoParseException">The message breaks the protocol; close the connection.</exception>
    SocketIoPacket? Add(ReadOnlyMemory<byte> data, bool isBinary);

    /// <summary>Drops a binary packet still waiting for attachments.</summary>
    void Reset();

    /// <summary>
    /// Whether the next message continues a packet (an attachment of one being read or being skipped) rather than
    /// starting one.
    /// </summary>
    bool ExpectsAttachment { get; }

    /// <summary>
    /// Drops the message that starts a packet, reading no more of it than needed to also drop the rest of that
    /// packet: the messages that continue it are then swallowed by <see cref="Add"/>.
    /// </summary>
    /// <param name="data">The message, as <see cref="Add"/> would get it.</param>
    /// <param name="isBinary">Whether the message is binary.</param>
    /// <exception cref="SocketIoParseException">The message breaks the protocol; close the connection.</exception>
    void Skip(ReadOnlySpan<byte> data, bool isBinary);
}
