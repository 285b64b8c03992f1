namespace SocketIo.Server.Engine.Protocol;

/// <summary>
/// One decoded inbound Engine.IO packet. <see cref="Data"/> borrows the buffer it was decoded from, so it is only
/// valid while that buffer is (one WebSocket message or one polling POST body).
/// </summary>
internal readonly struct EnginePacket(EnginePacketType type, ReadOnlyMemory<byte> data, bool isBinary)
{
    public EnginePacketType Type { get; } = type;

    /// <summary>For text packets the UTF-8 data after the type digit; for binary messages the raw bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; } = data;

    public bool IsBinary { get; } = isBinary;

    /// <summary>True for the 2probe / 3probe packets of the upgrade dance.</summary>
    public bool IsProbe => !IsBinary && Data.Span.SequenceEqual("probe"u8);
}
