using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

/// <summary>
/// Reads client frames (RFC 6455 §5, no extensions) from buffered bytes, one receive result at a time: a data frame's
/// payload is unmasked into the caller's buffer as it arrives, never held whole; control frames (at most 125 bytes)
/// are taken once complete. Checks what the RFC makes the server check: masking, reserved bits and opcodes, control
/// frame size and fragmentation, continuation order, UTF-8 text and close frames.
/// </summary>
internal struct FrameReader
{
    private const int MaxHeaderLength = 14;
    private const int MaxControlPayload = 125;

    private long _remaining;
    private uint _mask;
    private bool _inFrame;
    private bool _fin;
    private bool _inMessage;
    private WebSocketMessageType _messageType;
    private Utf8StreamValidator _utf8;

    /// <summary>
    /// One step: consumes from the front of <paramref name="buffer"/> what it used. On
    /// <see cref="FrameReadStep.Result"/>, <paramref name="result"/> tells how many bytes of
    /// <paramref name="destination"/> were filled (none for a zero-length destination, which only waits for a frame).
    /// </summary>
    public FrameReadStep Read(ref ReadOnlySequence<byte> buffer, Span<byte> destination, out ValueWebSocketReceiveResult result, out ControlFrame control)
    {
        result = default;
        control = default;
        if (!_inFrame)
        {
            var header = ReadHeader(buffer, out var headerLength, out var length, out var mask, out var opcode, out var fin);
            if (header != FrameReadStep.Result)
            {
                return header;
            }

            if (opcode >= WebSocketOpcode.Close)
            {
                if (buffer.Length < headerLength + length)
                {
                    return FrameReadStep.NeedMore;
                }

                var payload = buffer.Slice(headerLength, length);
                buffer = buffer.Slice(headerLength + length);
                return ReadControl(opcode, payload, mask, out result, out control);
            }

            buffer = buffer.Slice(headerLength);
            _remaining = length;
            _mask = mask;
            _fin = fin;
            if (opcode != WebSocketOpcode.Continuation)
            {
                _messageType = opcode == WebSocketOpcode.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
            }

            _inMessage = !_fin;
            _inFrame = length > 0;
            if (length == 0)
            {
                return Deliver(destination[..0], out result);
            }
        }

        if (destination.IsEmpty)
        {
            result = new ValueWebSocketReceiveResult(0, _messageType, false);
            return FrameReadStep.Result;
        }

        if (buffer.IsEmpty)
        {
            return FrameReadStep.NeedMore;
        }

        var count = (int)Math.Min(Math.Min(buffer.Length, _remaining), destination.Length);
        var filled = destination[..count];
        buffer.Slice(0, count).CopyTo(filled);
        buffer = buffer.Slice(count);
        Unmask(filled, ref _mask);
        _remaining -= count;
        _inFrame = _remaining > 0;
        return Deliver(filled, out result);
    }

    /// <summary>A result for bytes just unmasked (or an empty frame): the message ends with the frame that has FIN.</summary>
    private FrameReadStep Deliver(ReadOnlySpan<byte> filled, out ValueWebSocketReceiveResult result)
    {
        var endOfMessage = !_inFrame && _fin;
        result = new ValueWebSocketReceiveResult(filled.Length, _messageType, endOfMessage);
        if (_messageType == WebSocketMessageType.Text && !_utf8.Validate(filled, endOfMessage))
        {
            return FrameReadStep.InvalidUtf8;
        }

        if (endOfMessage)
        {
            _utf8 = default;
        }

        return FrameReadStep.Result;
    }

    private FrameReadStep ReadHeader(in ReadOnlySequence<byte> buffer, out int headerLength, out long length, out uint mask, out byte opcode, out bool fin)
    {
        headerLength = 0;
        length = 0;
        mask = 0;
        opcode = 0;
        fin = false;
        Span<byte> head = stackalloc byte[MaxHeaderLength];
        var available = (int)Math.Min(buffer.Length, MaxHeaderLength);
        if (available < 2)
        {
            return FrameReadStep.NeedMore;
        }

        buffer.Slice(0, available).CopyTo(head);
        fin = (head[0] & 0x80) != 0;
        opcode = (byte)(head[0] & 0x0F);
        var masked = (head[1] & 0x80) != 0;
        var shortLength = head[1] & 0x7F;
        var control = opcode >= WebSocketOpcode.Close;
        if (!masked)
        {
            return FrameReadStep.Unmasked;
        }

        if ((head[0] & 0x70) != 0 || !IsKnown(opcode)
            || (control && (!fin || shortLength > MaxControlPayload))
            || (opcode == WebSocketOpcode.Continuation && !_inMessage)
            || (opcode is WebSocketOpcode.Text or WebSocketOpcode.Binary && _inMessage))
        {
            return FrameReadStep.ProtocolError;
        }

        var lengthBytes = shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0;
        headerLength = 2 + lengthBytes + 4;
        if (available < headerLength)
        {
            return FrameReadStep.NeedMore;
        }

        if (lengthBytes == 2)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
        }
        else if (lengthBytes == 8)
        {
            var declared = BinaryPrimitives.ReadUInt64BigEndian(head[2..]);
            if (declared > long.MaxValue)
            {
                return FrameReadStep.ProtocolError;
            }

            length = (long)declared;
        }
        else
        {
            length = shortLength;
        }

        // The key's bytes in wire order, the first in the lowest bits: XORing a little-endian word applies them in order.
        mask = MemoryMarshal.Read<uint>(head[(headerLength - 4)..]);
        if (!BitConverter.IsLittleEndian)
        {
            mask = BinaryPrimitives.ReverseEndianness(mask);
        }

        return FrameReadStep.Result;
    }

    private static bool IsKnown(int opcode) => opcode is WebSocketOpcode.Continuation or WebSocketOpcode.Text or WebSocketOpcode.Binary
        or WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong;

    private static FrameReadStep ReadControl(byte opcode, ReadOnlySequence<byte> masked, uint mask, out ValueWebSocketReceiveResult result, out ControlFrame control)
    {
        result = default;
        control = default;
        Span<byte> payload = stackalloc byte[MaxControlPayload];
        payload = payload[..(int)masked.Length];
        masked.CopyTo(payload);
        Unmask(payload, ref mask);
        switch (opcode)
        {
            case WebSocketOpcode.Ping:
                control = new ControlFrame(payload.ToArray(), null, null);
                return FrameReadStep.Ping;

            case WebSocketOpcode.Pong:
                return FrameReadStep.Pong;
        }

        if (payload.Length == 0)
        {
            // Reported as the runtime's WebSocket reports it.
            control = new ControlFrame(null, WebSocketCloseStatus.NormalClosure, string.Empty);
        }
        else
        {
            if (payload.Length == 1 || !IsValidCloseStatus(BinaryPrimitives.ReadUInt16BigEndian(payload)))
            {
                return FrameReadStep.ProtocolError;
            }

            var reason = payload[2..];
            // A close reason that is not UTF-8 is a protocol error to the runtime's WebSocket (1002, not 1007): the same here.
            if (!Utf8.IsValid(reason))
            {
                return FrameReadStep.ProtocolError;
            }

            control = new ControlFrame(null, (WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(payload), reason.IsEmpty ? string.Empty : Encoding.UTF8.GetString(reason));
        }

        result = new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true);
        return FrameReadStep.Result;
    }

    /// <summary>Codes a peer may send (RFC 6455 §7.4): the defined ones but 1004–1006 and 1015, and 3000–4999.</summary>
    private static bool IsValidCloseStatus(int status) =>
        status is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);

    /// <summary>XORs with the key, word by word, leaving the key turned to where the next byte continues.</summary>
    private static void Unmask(Span<byte> data, ref uint mask)
    {
        var wide = mask | ((ulong)mask << 32);
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        for (var i = 0; i < words.Length; i++)
        {
            words[i] ^= wide;
        }

        var key = mask;
        for (var i = words.Length * 8; i < data.Length; i++)
        {
            data[i] ^= (byte)key;
            key = BitOperations.RotateRight(key, 8);
        }

        mask = BitOperations.RotateRight(mask, 8 * (data.Length & 3));
    }
}
