using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

namespace SocketIo.Server.Tests.Security.ThreatTable.Support;

/// <summary>Reads the server's (unmasked) WebSocket frames from a <see cref="RawTcpConnection"/>.</summary>
internal sealed class ServerFrameReader(RawTcpConnection connection)
{
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[64 * 1024];

    /// <summary>The next frame; null when the connection ended (closed or reset) first.</summary>
    public async Task<(int Opcode, byte[] Payload)?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                if (TryTakeFrame(out var frame))
                {
                    return frame;
                }

                var read = await connection.ReadAsync(_buffer, cancellationToken);
                if (read == 0)
                {
                    return null;
                }

                _pending.AddRange(_buffer.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    /// <summary>The next text frame's text (pings included).</summary>
    public async Task<string> ReadTextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var frame = await ReadFrameAsync(timeout.Token) ?? throw new EndOfStreamException("The connection ended.");
        frame.Opcode.Should().Be(WebSocketOpcode.Text);
        return Encoding.UTF8.GetString(frame.Payload);
    }

    /// <summary>
    /// Skips frames until a close frame (its status, <see cref="WebSocketCloseStatus.Empty"/> without one) or the end
    /// of the connection (null: closed or reset without a close frame).
    /// </summary>
    public async Task<WebSocketCloseStatus?> ReadUntilCloseAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (await ReadFrameAsync(cts.Token) is { } frame)
        {
            if (frame.Opcode == WebSocketOpcode.Close)
            {
                return frame.Payload.Length >= 2 ? (WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(frame.Payload) : WebSocketCloseStatus.Empty;
            }
        }

        return null;
    }

    private bool TryTakeFrame(out (int Opcode, byte[] Payload) frame)
    {
        frame = default;
        if (_pending.Count < 2)
        {
            return false;
        }

        var length = (ulong)(_pending[1] & 0x7f);
        var offset = 2;
        if (length == 126)
        {
            if (_pending.Count < 4)
            {
                return false;
            }

            length = (ulong)((_pending[2] << 8) | _pending[3]);
            offset = 4;
        }
        else if (length == 127)
        {
            if (_pending.Count < 10)
            {
                return false;
            }

            length = BinaryPrimitives.ReadUInt64BigEndian([.. _pending.GetRange(2, 8)]);
            offset = 10;
        }

        if ((ulong)_pending.Count < (ulong)offset + length)
        {
            return false;
        }

        frame = (_pending[0] & 0x0f, [.. _pending.GetRange(offset, (int)length)]);
        _pending.RemoveRange(0, offset + (int)length);
        return true;
    }
}
