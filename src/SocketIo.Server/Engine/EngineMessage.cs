using System.Text;
using SocketIo.Server.Engine.Protocol;

namespace SocketIo.Server.Engine;

/// <summary>
/// An outbound Engine.IO packet, encoded once. The same instance may be sent to any number of connections: a
/// broadcast is framed once and every recipient writes the same bytes.
/// </summary>
public sealed class EngineMessage
{
    internal static readonly EngineMessage Ping = Control(EnginePacketType.Ping);
    internal static readonly EngineMessage Noop = Control(EnginePacketType.Noop);
    internal static readonly EngineMessage Close = Control(EnginePacketType.Close);
    internal static readonly EngineMessage ProbePong = new(Encoding.ASCII.GetBytes("3probe"), isBinary: false);

    private EngineMessage(ReadOnlyMemory<byte> wire, bool isBinary)
    {
        Wire = wire;
        IsBinary = isBinary;
    }

    /// <summary>
    /// The packet as a WebSocket frame carries it: for text, the type digit followed by UTF-8 data; for binary,
    /// the raw bytes (v4 binary frames carry no type byte).
    /// </summary>
    internal ReadOnlyMemory<byte> Wire { get; }

    /// <summary>Whether this is a binary message.</summary>
    public bool IsBinary { get; }

    /// <summary>The number of bytes this packet takes in a WebSocket frame.</summary>
    public int Length => Wire.Length;

    /// <summary>A text message.</summary>
    /// <param name="text">The message text.</param>
    public static EngineMessage Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var wire = new byte[1 + Encoding.UTF8.GetByteCount(text)];
        wire[0] = (byte)'4';
        Encoding.UTF8.GetBytes(text, wire.AsSpan(1));
        return new EngineMessage(wire, isBinary: false);
    }

    /// <summary>A text message from UTF-8 bytes, which are copied.</summary>
    /// <param name="utf8">The message text, UTF-8 encoded.</param>
    public static EngineMessage Text(ReadOnlySpan<byte> utf8)
    {
        var wire = new byte[1 + utf8.Length];
        wire[0] = (byte)'4';
        utf8.CopyTo(wire.AsSpan(1));
        return new EngineMessage(wire, isBinary: false);
    }

    /// <summary>A binary message; the bytes are copied.</summary>
    /// <param name="bytes">The message data.</param>
    public static EngineMessage Binary(ReadOnlySpan<byte> bytes) => new(bytes.ToArray(), isBinary: true);

    /// <summary>A text packet whose complete wire form (type digit included) the caller built; the memory is not copied.</summary>
    internal static EngineMessage FromWireText(ReadOnlyMemory<byte> wire) => new(wire, isBinary: false);

    /// <summary>A binary message over memory the caller hands over; it must not change afterwards.</summary>
    internal static EngineMessage FromOwnedBinary(ReadOnlyMemory<byte> bytes) => new(bytes, isBinary: true);

    private static EngineMessage Control(EnginePacketType type) => new(new[] { (byte)('0' + (int)type) }, isBinary: false);
}
