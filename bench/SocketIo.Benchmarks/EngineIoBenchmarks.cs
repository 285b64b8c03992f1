using BenchmarkDotNet.Attributes;
using SocketIo.Server.Engine;
using SocketIo.Server.Engine.Protocol;

namespace SocketIo.Benchmarks;

/// <summary>
/// Engine.IO v4 framing: decoding one WebSocket text frame, reading and writing polling payloads (records joined by
/// U+001E, binary records as <c>b</c> + base64), and building an outbound text message.
/// </summary>
[MemoryDiagnoser]
public class EngineIoBenchmarks
{
    private byte[] _textFrame = [];
    private byte[] _textPayload = [];
    private byte[] _binaryPayload = [];
    private byte[] _message = [];
    private EngineMessage[] _textMessages = [];
    private EngineMessage[] _binaryMessages = [];
    private byte[] _output = [];

    [GlobalSetup]
    public void Setup()
    {
        // "4" + a Socket.IO EVENT with a 100-byte string.
        _message = Payloads.Utf8("2" + Payloads.EventJson);
        _textFrame = Payloads.Utf8("42" + Payloads.EventJson);
        var record = "42" + Payloads.EventJson;
        _textPayload = Payloads.Utf8(record + "\u001e" + record + "\u001e" + record);
        _binaryPayload = Payloads.Utf8("451-[\"upload\",{\"_placeholder\":true,\"num\":0}]\u001eb"
            + Convert.ToBase64String(Payloads.Binary100));
        _textMessages = [EngineMessage.Text(_message), EngineMessage.Text(_message), EngineMessage.Text(_message)];
        _binaryMessages = [EngineMessage.Text(Payloads.Utf8("51-[\"upload\",{\"_placeholder\":true,\"num\":0}]")),
            EngineMessage.Binary(Payloads.Binary100)];
        _output = new byte[4096];
    }

    /// <summary>One WebSocket text frame to a packet (type digit + borrowed data).</summary>
    [Benchmark]
    public int DecodeTextFrame()
    {
        EnginePacketDecoder.TryDecodeText(_textFrame, out var packet);
        return packet.Data.Length;
    }

    /// <summary>A polling POST body of three text records.</summary>
    [Benchmark]
    public int ReadPollingPayload_3Text()
    {
        var reader = new PollingPayloadReader(_textPayload);
        var total = 0;
        while (reader.TryRead(out var packet))
        {
            total += packet.Data.Length;
        }

        return total;
    }

    /// <summary>A polling POST body of a BINARY_EVENT header and one base64 record of 100 bytes.</summary>
    [Benchmark]
    public int ReadPollingPayload_Binary()
    {
        var reader = new PollingPayloadReader(_binaryPayload);
        var total = 0;
        while (reader.TryRead(out var packet))
        {
            total += packet.Data.Length;
        }

        return total;
    }

    /// <summary>A polling GET response of three text messages, into a caller-owned buffer.</summary>
    [Benchmark]
    public int WritePollingPayload_3Text() => Write(_textMessages);

    /// <summary>A polling GET response of a BINARY_EVENT header and its 100-byte attachment (base64).</summary>
    [Benchmark]
    public int WritePollingPayload_Binary() => Write(_binaryMessages);

    /// <summary>An outbound message from UTF-8 text (<c>EngineMessage.Text</c>: one exact-size array).</summary>
    [Benchmark]
    public EngineMessage EncodeTextMessage() => EngineMessage.Text(_message);

    private int Write(EngineMessage[] messages)
    {
        var span = _output.AsSpan();
        var offset = 0;
        for (var i = 0; i < messages.Length; i++)
        {
            if (i > 0)
            {
                span[offset++] = PollingPayloadReader.RecordSeparator;
            }

            offset += PollingPayloadWriter.WriteRecord(messages[i].Wire.Span, messages[i].IsBinary, span[offset..]);
        }

        return offset;
    }
}
