using System.Buffers;
using System.Buffers.Text;

namespace SocketIo.Server.Engine.Protocol;

/// <summary>
/// Reads the packets of a polling payload one by one: records separated by U+001E, binary records written as
/// <c>b</c> + base64. Reading stops at the first invalid record, after the valid ones before it have been handed
/// out, as the reference decoder does. The separator never occurs inside multi-byte UTF-8, so splitting the raw
/// bytes is safe.
/// </summary>
internal struct PollingPayloadReader(ReadOnlyMemory<byte> payload)
{
    public const byte RecordSeparator = 0x1E;

    private ReadOnlyMemory<byte> _remaining = payload;
    private bool _done = payload.IsEmpty;

    /// <summary>Set once a record could not be decoded; no packet follows it.</summary>
    public bool Failed { get; private set; }

    public bool TryRead(out EnginePacket packet)
    {
        packet = default;
        if (_done)
        {
            return false;
        }

        ReadOnlyMemory<byte> record;
        var separator = _remaining.Span.IndexOf(RecordSeparator);
        if (separator < 0)
        {
            record = _remaining;
            _done = true;
        }
        else
        {
            record = _remaining[..separator];
            _remaining = _remaining[(separator + 1)..];
        }

        if (TryDecodeRecord(record, out packet))
        {
            return true;
        }

        Failed = true;
        _done = true;
        return false;
    }

    private static bool TryDecodeRecord(ReadOnlyMemory<byte> record, out EnginePacket packet)
    {
        if (!record.IsEmpty && record.Span[0] == (byte)'b')
        {
            var base64 = record.Span[1..];
            var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
            if (Base64.DecodeFromUtf8(base64, bytes, out _, out var written) != OperationStatus.Done)
            {
                packet = default;
                return false;
            }

            packet = EnginePacketDecoder.DecodeBinary(bytes.AsMemory(0, written));
            return true;
        }

        return EnginePacketDecoder.TryDecodeText(record, out packet);
    }
}
