namespace SocketIo.Server.Engine;

/// <summary>
/// Receives the life of every Engine.IO connection of one endpoint, as the <c>connection</c>, <c>message</c> and
/// <c>close</c> events of the npm <c>engine.io</c> server do. Calls for one connection never overlap: the next
/// message is read only after <see cref="OnMessageAsync"/> of the previous one completed.
/// </summary>
public interface IEngineConnectionHandler
{
    /// <summary>A client completed the handshake. Runs before any of its messages is delivered.</summary>
    /// <param name="connection">The new connection.</param>
    ValueTask OnConnectedAsync(EngineConnection connection);

    /// <summary>
    /// A message arrived. For text, <paramref name="data"/> is the UTF-8 text; for binary, the bytes. The memory is
    /// only valid until the returned task completes: copy what must outlive it.
    /// </summary>
    /// <param name="connection">The connection the message came on.</param>
    /// <param name="data">The message data.</param>
    /// <param name="isBinary">Whether the message is binary.</param>
    ValueTask OnMessageAsync(EngineConnection connection, ReadOnlyMemory<byte> data, bool isBinary);

    /// <summary>The connection closed. Called once, from whichever thread closed it; keep it short.</summary>
    /// <param name="connection">The closed connection.</param>
    /// <param name="reason">Why it closed.</param>
    void OnClosed(EngineConnection connection, EngineCloseReason reason);
}
