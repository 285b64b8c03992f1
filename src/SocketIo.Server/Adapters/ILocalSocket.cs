using SocketIo.Server.Engine;

namespace SocketIo.Server.Adapters;

/// <summary>What an adapter needs of a socket connected to this node.</summary>
internal interface ILocalSocket
{
    string Id { get; }

    /// <summary>Hands an encoded packet to the socket's connection (and its outgoing listeners).</summary>
    void Deliver(BroadcastPacket packet, ReadOnlySpan<EngineMessage> encoded, bool isVolatile);

    /// <summary>
    /// Waits for the client's acknowledgement of <paramref name="ackId"/>, at most <paramref name="timeout"/>; false
    /// when the socket already waits for as many as it may (the packet must then not be sent to it).
    /// </summary>
    bool ExpectAck(long ackId, TimeSpan? timeout, Action<SocketIoArguments> onAck);

    /// <summary>Joins the rooms, or none of them when that would pass the socket's room limit.</summary>
    void JoinWithinLimit(IReadOnlyCollection<string> rooms);

    void Leave(string room);

    void Disconnect(bool close);

    SocketDescription Describe();
}
