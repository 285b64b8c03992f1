using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SocketIo.Adapter.Redis.MessagePack;

namespace SocketIo.Benchmarks;

/// <summary>
/// The notepack codec of the Redis adapter on a typical classic-protocol broadcast, the tree the adapter hands it:
/// <c>[uid, {type: 2, data: ["chat", "xxx…"], nsp: "/"}, {rooms: ["room1"], except: [], flags: {}}]</c>, once with a
/// 100-byte string and once with a 100-byte binary argument.
/// </summary>
[MemoryDiagnoser]
public class NotepackBenchmarks
{
    private readonly NotepackCodec _codec = new(JsonSerializerOptions.Default);
    private readonly ArrayBufferWriter<byte> _output = new(1024);
    private object?[] _broadcast = [];
    private object?[] _binaryBroadcast = [];
    private byte[] _encoded = [];
    private byte[] _binaryEncoded = [];

    [GlobalSetup]
    public void Setup()
    {
        _broadcast = Broadcast(Payloads.Text100);
        _binaryBroadcast = Broadcast(Payloads.Binary100);
        _encoded = EncodeToArray(_broadcast);
        _binaryEncoded = EncodeToArray(_binaryBroadcast);
    }

    /// <summary>Encodes the string broadcast into a reused buffer.</summary>
    [Benchmark]
    public int Encode_Broadcast()
    {
        _output.ResetWrittenCount();
        _codec.Encode(_output, _broadcast);
        return _output.WrittenCount;
    }

    /// <summary>Encodes the binary broadcast into a reused buffer.</summary>
    [Benchmark]
    public int Encode_BinaryBroadcast()
    {
        _output.ResetWrittenCount();
        _codec.Encode(_output, _binaryBroadcast);
        return _output.WrittenCount;
    }

    /// <summary>Decodes the string broadcast to the value tree.</summary>
    [Benchmark]
    public object? Decode_Broadcast() => _codec.Decode(_encoded);

    /// <summary>Decodes the binary broadcast to the value tree.</summary>
    [Benchmark]
    public object? Decode_BinaryBroadcast() => _codec.Decode(_binaryEncoded);

    private static object?[] Broadcast(object argument) =>
    [
        "a1b2c3",
        new Dictionary<string, object?>(3, StringComparer.Ordinal)
        {
            ["type"] = 2,
            ["data"] = new object?[] { "chat", argument },
            ["nsp"] = "/",
        },
        new Dictionary<string, object?>(3, StringComparer.Ordinal)
        {
            ["rooms"] = new[] { "room1" },
            ["except"] = Array.Empty<string>(),
            ["flags"] = new Dictionary<string, object?>(StringComparer.Ordinal),
        },
    ];

    private byte[] EncodeToArray(object?[] value)
    {
        var output = new ArrayBufferWriter<byte>();
        _codec.Encode(output, value);
        return output.WrittenSpan.ToArray();
    }
}
