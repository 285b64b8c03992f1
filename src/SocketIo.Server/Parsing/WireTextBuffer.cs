using System.Buffers;

namespace SocketIo.Server.Parsing;

/// <summary>
/// A per-thread buffer to encode a packet's text message into (<see cref="ISocketIoParser.EncodeTo"/>), so that
/// encoding allocates nothing on the steady state. Take it with <see cref="Rent"/>, give it back with
/// <see cref="Return"/>; a nested encode on the same thread gets a buffer of its own.
/// </summary>
internal sealed class WireTextBuffer
{
    private const int MaxRetainedBytes = 64 * 1024;

    [ThreadStatic]
    private static WireTextBuffer? t_cached;

    private WireTextBuffer()
    {
    }

    /// <summary>Where to write.</summary>
    public ArrayBufferWriter<byte> Writer { get; } = new(256);

    /// <summary>Takes this thread's buffer, empty, or a new one when it is in use.</summary>
    public static WireTextBuffer Rent()
    {
        var buffer = t_cached ?? new WireTextBuffer();
        t_cached = null;
        return buffer;
    }

    /// <summary>Clears the buffer and keeps it for the next encode on this thread.</summary>
    public void Return()
    {
        // A payload of megabytes should not stay pinned to a thread forever.
        if (Writer.Capacity > MaxRetainedBytes)
        {
            return;
        }

        Writer.ResetWrittenCount();
        t_cached = this;
    }
}
