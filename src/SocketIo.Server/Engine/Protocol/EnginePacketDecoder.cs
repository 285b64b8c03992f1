namespace SocketIo.Server.Engine.Protocol;

/// <summary>Decodes single Engine.IO v4 packets: a text packet is a type digit and its data, a binary one is a message.</summary>
internal static class EnginePacketDecoder
{
    /// <summary>Decodes a text packet (one WebSocket text frame or one polling record). Returns false when it is not one.</summary>
    public static bool TryDecodeText(ReadOnlyMemory<byte> utf8, out EnginePacket packet)
    {
        var span = utf8.Span;
        if (span.IsEmpty || span[0] < (byte)'0' || span[0] > (byte)'6')
        {
            packet = default;
            return false;
        }

        packet = new EnginePacket((EnginePacketType)(span[0] - '0'), utf8[1..], isBinary: false);
        return true;
    }

    /// <summary>A binary WebSocket frame is always a message in v4: no type byte precedes the data.</summary>
    public static EnginePacket DecodeBinary(ReadOnlyMemory<byte> bytes) =>
        new(EnginePacketType.Message, bytes, isBinary: true);
}
