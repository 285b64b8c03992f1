using SocketIo.Server.Engine;

namespace SocketIo.Server.Adapters;

/// <summary>What an adapter needs of a socket connected to this node.</summary>
internal interface ILocalSocket
{
    string Id { get; }

    /// <summary>Hands an encoded packet to the socket's connection (and its outgoing listeners).</summary>
    void Deliver(BroadcastPacket packet, ReadOnlySpan<EngineMessage> encoded, bool isVolatile);

    /// <summary>Waits for the client's acknowledgement of <paramref name="ackId"/>, at most <paramref name="timeout"/>.</summary>
    void ExpectAck(long ackId, TimeSpan? timeout, Action<SocketIoArguments> onAck);

    void Join(string room);

    void Leave(string room);

    void Disconnect(bool close);

    SocketDescription Describe();
}
