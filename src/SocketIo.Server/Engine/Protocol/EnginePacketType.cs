namespace SocketIo.Server.Engine.Protocol;

/// <summary>The Engine.IO v4 packet types; the wire form of each is its digit.</summary>
internal enum EnginePacketType : byte
{
    Open = 0,
    Close = 1,
    Ping = 2,
    Pong = 3,
    Message = 4,
    Upgrade = 5,
    Noop = 6,
}
