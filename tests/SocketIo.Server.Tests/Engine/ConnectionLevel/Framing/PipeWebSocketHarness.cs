using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using SocketIo.Server.Engine.Transports.ConnectionLevel;

using SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

namespace SocketIo.Server.Tests.Engine.ConnectionLevel.Framing;

/// <summary>
/// A server WebSocket on in-memory pipes, the test playing the client on their other ends: ours
/// (<see cref="PipeWebSocket"/>) or, to compare with, the runtime's over a stream on the same pipes.
/// </summary>
internal sealed class PipeWebSocketHarness
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _fromServer = new();

    public PipeWebSocketHarness(bool runtimeWebSocket = false)
    {
        Connection = new DefaultConnectionContext("test", new TransportPipe(_toServer.Reader, _fromServer.Writer), new TransportPipe(_fromServer.Reader, _toServer.Writer));
        Socket = runtimeWebSocket
            ? WebSocket.CreateFromStream(new DuplexTestStream(_toServer.Reader.AsStream(), _fromServer.Writer.AsStream()), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero })
            : new PipeWebSocket(Connection.Transport, subProtocol: null);
    }

    public DefaultConnectionContext Connection { get; }

    public WebSocket Socket { get; }

    /// <summary>Ends the server's output, so that reading its frames stops at what it wrote.</summary>
    public ValueTask EndServerOutputAsync() => _fromServer.Writer.CompleteAsync();

    /// <summary>Every frame the server wrote, once its output is ended.</summary>
    public async Task<List<(int Opcode, bool Fin, byte[] Payload, int HeaderLength)>> ReadAllServerFramesAsync()
    {
        var frames = new List<(int, bool, byte[], int)>();
        while (true)
        {
            try
            {
                frames.Add(await ReadServerFrameAsync());
            }
            catch (EndOfStreamException)
            {
                return frames;
            }
        }
    }

    /// <summary>Writes bytes as the client, flushed in pieces of <paramref name="piece"/> bytes (all at once by default).</summary>
    public async Task SendAsync(byte[] bytes, int piece = int.MaxValue)
    {
        for (var offset = 0; offset < bytes.Length; offset += piece)
        {
            await _toServer.Writer.WriteAsync(bytes.AsMemory(offset, Math.Min(piece, bytes.Length - offset)));
        }
    }

    public ValueTask EndAsync() => _toServer.Writer.CompleteAsync();

    /// <summary>Receives one whole message (its type and bytes), through receives of at most <paramref name="chunk"/> bytes.</summary>
    public async Task<(WebSocketMessageType Type, byte[] Bytes)> ReceiveMessageAsync(int chunk = 4096)
    {
        var bytes = new List<byte>();
        var buffer = new byte[chunk];
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            bytes.AddRange(buffer.AsSpan(0, result.Count));
            if (result.EndOfMessage)
            {
                return (result.MessageType, bytes.ToArray());
            }
        }
    }

    /// <summary>The next frame the server wrote: opcode, FIN and payload (server frames are never masked).</summary>
    public async Task<(int Opcode, bool Fin, byte[] Payload, int HeaderLength)> ReadServerFrameAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var read = await _fromServer.Reader.ReadAsync(timeout.Token);
            var buffer = read.Buffer;
            if (TryTakeFrame(ref buffer, out var frame))
            {
                _fromServer.Reader.AdvanceTo(buffer.Start);
                return frame;
            }

            if (read.IsCompleted)
            {
                throw new EndOfStreamException();
            }

            _fromServer.Reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The status of the close frame the server wrote, skipping other frames.</summary>
    public async Task<WebSocketCloseStatus> ReadServerCloseAsync()
    {
        while (true)
        {
            var frame = await ReadServerFrameAsync();
            if (frame.Opcode == WebSocketOpcode.Close)
            {
                return (WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(frame.Payload);
            }
        }
    }

    private static bool TryTakeFrame(ref ReadOnlySequence<byte> buffer, out (int Opcode, bool Fin, byte[] Payload, int HeaderLength) frame)
    {
        frame = default;
        if (buffer.Length < 2)
        {
            return false;
        }

        var head = buffer.Slice(0, Math.Min(10, buffer.Length)).ToArray();
        ((head[1] & 0x80) == 0).Should().BeTrue("a server frame is not masked");
        var length = (long)(head[1] & 0x7F);
        var headerLength = 2;
        if (length == 126)
        {
            if (head.Length < 4)
            {
                return false;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(2));
            headerLength = 4;
        }
        else if (length == 127)
        {
            if (head.Length < 10)
            {
                return false;
            }

            length = (long)BinaryPrimitives.ReadUInt64BigEndian(head.AsSpan(2));
            headerLength = 10;
        }

        if (buffer.Length < headerLength + length)
        {
            return false;
        }

        frame = (head[0] & 0x0F, (head[0] & 0x80) != 0, buffer.Slice(headerLength, length).ToArray(), headerLength);
        buffer = buffer.Slice(headerLength + length);
        return true;
    }
}
