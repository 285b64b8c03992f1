using BenchmarkDotNet.Attributes;
using SocketIo.Server.Engine;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;

namespace SocketIo.Benchmarks;

/// <summary>
/// The default Socket.IO parser (socket.io-parser): encoding an EVENT with a 100-byte string (from .NET values, with
/// and without an ack id, and a broadcast to a namespace from already written JSON) and decoding it, plus one binary
/// attachment each way.
/// </summary>
[MemoryDiagnoser]
public class SocketIoJsonBenchmarks
{
    private readonly JsonSocketIoParser _parser = new();
    private ISocketIoPacketDecoder _decoder = null!;
    private object?[] _arguments = [];
    private object?[] _binaryArguments = [];
    private byte[] _eventJson = [];
    private byte[] _event = [];
    private byte[] _eventWithAck = [];
    private byte[] _eventInNamespace = [];
    private byte[] _binaryHeader = [];

    [GlobalSetup]
    public void Setup()
    {
        _decoder = _parser.CreateDecoder();
        _arguments = [Payloads.Text100];
        _binaryArguments = [Payloads.Binary100];
        _eventJson = Payloads.Utf8(Payloads.EventJson);
        _event = Payloads.Utf8("2" + Payloads.EventJson);
        _eventWithAck = Payloads.Utf8("212" + Payloads.EventJson);
        _eventInNamespace = Payloads.Utf8("2/chat," + Payloads.EventJson);
        _binaryHeader = Payloads.Utf8("51-[\"upload\",{\"_placeholder\":true,\"num\":0}]");
    }

    /// <summary><c>socket.Emit("chat", text)</c>: the EVENT from .NET values.</summary>
    [Benchmark]
    public EngineMessage[] Encode_Event() =>
        _parser.Encode(SocketIoPacketType.Event, "/", null, SocketIoPayload.FromEvent("chat", _arguments));

    /// <summary>The same EVENT with an ack id (<c>42</c>12[…]).</summary>
    [Benchmark]
    public EngineMessage[] Encode_EventWithAck() =>
        _parser.Encode(SocketIoPacketType.Event, "/", 12, SocketIoPayload.FromEvent("chat", _arguments));

    /// <summary>A broadcast in <c>/chat</c> from .NET values: encoded once, sent to every recipient.</summary>
    [Benchmark]
    public EngineMessage[] Encode_Broadcast() =>
        _parser.Encode(SocketIoPacketType.Event, "/chat", null, SocketIoPayload.FromEvent("chat", _arguments));

    /// <summary>A broadcast from JSON already written (as a cluster adapter relays it): framing only.</summary>
    [Benchmark]
    public EngineMessage[] Encode_BroadcastFromJson() =>
        JsonSocketIoParser.EncodeJson(SocketIoPacketType.Event, "/chat", null, _eventJson);

    /// <summary>An EVENT with one 100-byte binary argument: a BINARY_EVENT header and one attachment.</summary>
    [Benchmark]
    public EngineMessage[] Encode_BinaryEvent() =>
        _parser.Encode(SocketIoPacketType.Event, "/", null, SocketIoPayload.FromEvent("upload", _binaryArguments));

    /// <summary>Decodes <c>2["chat","xxx…"]</c>.</summary>
    [Benchmark]
    public object? Decode_Event() => _decoder.Add(_event, isBinary: false);

    /// <summary>Decodes <c>212["chat","xxx…"]</c>.</summary>
    [Benchmark]
    public object? Decode_EventWithAck() => _decoder.Add(_eventWithAck, isBinary: false);

    /// <summary>Decodes <c>2/chat,["chat","xxx…"]</c>.</summary>
    [Benchmark]
    public object? Decode_EventInNamespace() => _decoder.Add(_eventInNamespace, isBinary: false);

    /// <summary>Decodes a BINARY_EVENT header and its 100-byte attachment.</summary>
    [Benchmark]
    public object? Decode_BinaryEvent()
    {
        _decoder.Add(_binaryHeader, isBinary: false);
        return _decoder.Add(Payloads.Binary100, isBinary: true);
    }
}
