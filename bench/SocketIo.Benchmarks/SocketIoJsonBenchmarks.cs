using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SocketIo.Server;
using SocketIo.Server.Engine;
using SocketIo.Server.Parsing;
using SocketIo.Server.Parsing.Json;

namespace SocketIo.Benchmarks;

/// <summary>
/// The default Socket.IO parser (socket.io-parser): encoding an EVENT with a 100-byte string (from .NET values, with
/// and without an ack id, in a namespace, from already written JSON) into a reused buffer, as the messages a
/// broadcast or an emit sends, and decoding it (plain, with an ack id, in a namespace, with its name resolved, with its
/// arguments built), plus one binary attachment each way.
/// </summary>
[MemoryDiagnoser]
public class SocketIoJsonBenchmarks
{
    private readonly JsonSocketIoParser _parser = new();
    private readonly ArrayBufferWriter<byte> _wire = new(1024);
    private readonly ListenerSet _listeners = new();
    private readonly JsonSerializerOptions _serializerOptions = new SocketIoServerOptions().SerializerOptions;
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
        _listeners.Add("chat", (Action<SocketIoArguments>)(_ => { }));
        _arguments = [Payloads.Text100];
        _binaryArguments = [Payloads.Binary100];
        _eventJson = Payloads.Utf8(Payloads.EventJson);
        _event = Payloads.Utf8("2" + Payloads.EventJson);
        _eventWithAck = Payloads.Utf8("212" + Payloads.EventJson);
        _eventInNamespace = Payloads.Utf8("2/chat," + Payloads.EventJson);
        _binaryHeader = Payloads.Utf8("51-[\"upload\",{\"_placeholder\":true,\"num\":0}]");
    }

    /// <summary><c>socket.Emit("chat", text)</c>: the EVENT from .NET values, its wire text into a reused buffer.</summary>
    [Benchmark]
    public int Encode_Event()
    {
        _wire.ResetWrittenCount();
        _parser.EncodeTo(_wire, SocketIoPacketType.Event, "/", null, SocketIoPayload.FromEvent("chat", _arguments));
        return _wire.WrittenCount;
    }

    /// <summary>The same EVENT with an ack id (<c>42</c>12[…]).</summary>
    [Benchmark]
    public int Encode_EventWithAck()
    {
        _wire.ResetWrittenCount();
        _parser.EncodeTo(_wire, SocketIoPacketType.Event, "/", 12, SocketIoPayload.FromEvent("chat", _arguments));
        return _wire.WrittenCount;
    }

    /// <summary>The EVENT in <c>/chat</c>.</summary>
    [Benchmark]
    public int Encode_EventInNamespace()
    {
        _wire.ResetWrittenCount();
        _parser.EncodeTo(_wire, SocketIoPacketType.Event, "/chat", null, SocketIoPayload.FromEvent("chat", _arguments));
        return _wire.WrittenCount;
    }

    /// <summary>From JSON already written (as a cluster adapter relays a broadcast): framing only.</summary>
    [Benchmark]
    public int Encode_FromJson()
    {
        _wire.ResetWrittenCount();
        JsonSocketIoParser.EncodeJsonTo(_wire, SocketIoPacketType.Event, "/chat", null, _eventJson);
        return _wire.WrittenCount;
    }

    /// <summary>
    /// A broadcast in <c>/chat</c>: the messages built once and sent to every recipient (the wire array, the
    /// message, the message array: one set per broadcast, whatever the number of recipients).
    /// </summary>
    [Benchmark]
    public EngineMessage[] Encode_BroadcastMessages() =>
        _parser.Encode(SocketIoPacketType.Event, "/chat", null, SocketIoPayload.FromEvent("chat", _arguments));

    /// <summary>
    /// What one <c>socket.Emit</c> hands the engine queue today: the text encoded into a reused buffer, then the one
    /// message that owns an exact copy of it.
    /// </summary>
    [Benchmark]
    public EngineMessage Encode_EmitMessage()
    {
        _wire.ResetWrittenCount();
        _parser.EncodeTo(_wire, SocketIoPacketType.Event, "/", null, SocketIoPayload.FromEvent("chat", _arguments));
        return EngineMessage.FromWireText(_wire.WrittenSpan.ToArray());
    }

    /// <summary>An EVENT with one 100-byte binary argument: a BINARY_EVENT header and one attachment.</summary>
    [Benchmark]
    public ReadOnlyMemory<byte>[] Encode_BinaryEvent()
    {
        _wire.ResetWrittenCount();
        return _parser.EncodeTo(_wire, SocketIoPacketType.Event, "/", null, SocketIoPayload.FromEvent("upload", _binaryArguments));
    }

    /// <summary>Decodes <c>2["chat","xxx…"]</c>.</summary>
    [Benchmark]
    public object? Decode_Event() => _decoder.Add(_event, isBinary: false);

    /// <summary>Decodes <c>212["chat","xxx…"]</c>.</summary>
    [Benchmark]
    public object? Decode_EventWithAck() => _decoder.Add(_eventWithAck, isBinary: false);

    /// <summary>Decodes <c>2/chat,["chat","xxx…"]</c>.</summary>
    [Benchmark]
    public object? Decode_EventInNamespace() => _decoder.Add(_eventInNamespace, isBinary: false);

    /// <summary>Decodes the EVENT and reads its name as the string a listener registered (what dispatch looks up).</summary>
    [Benchmark]
    public string Decode_EventAndName() => _listeners.EventNameOf(_decoder.Add(_event, isBinary: false)!);

    /// <summary>
    /// Decodes the EVENT and builds its arguments as JSON values for the listeners (the application's data: this
    /// copy may outlive the message).
    /// </summary>
    [Benchmark]
    public SocketIoArguments Decode_EventWithArguments() =>
        SocketIoArguments.FromPacket(_decoder.Add(_event, isBinary: false)!, 1, _serializerOptions);

    /// <summary>Decodes a BINARY_EVENT header and its 100-byte attachment.</summary>
    [Benchmark]
    public object? Decode_BinaryEvent()
    {
        _decoder.Add(_binaryHeader, isBinary: false);
        return _decoder.Add(Payloads.Binary100, isBinary: true);
    }
}
