using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;
using SocketIo.Adapter.Redis.Tests.Wire;
using static SocketIo.Adapter.Redis.Tests.Wire.ClassicCodecFixture;

namespace SocketIo.Adapter.Redis.Tests.Security;

/// <summary>
/// §6 row 17 for the adapter's encoders: a value nested 20,000 deep (the one that overflows the reference's stack)
/// handed to a broadcast or a server-side emit fails to encode with an exception, never a stack overflow (which
/// would end the process, and this test run with it).
/// </summary>
public class DeepValueEncodingTests
{
    private const int Depth = 20_000;

    public static TheoryData<string> Kinds => new() { "object[]", "List", "JsonNode", "Dictionary" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Row_17_messagepack_encoding_of_a_20000_deep_value_throws(string kind)
    {
        var buffer = new ArrayBufferWriter<byte>();

        var encode = () => ClassicCodecFixture.MessagePack.Encode(buffer, Deep(kind));

        AssertClearFailure(encode);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Row_17_classic_broadcast_and_server_side_emit_of_a_20000_deep_value_throw(string kind)
    {
        var codec = Codec();
        var broadcast = new ClusterMessage(
            ClusterMessageType.Broadcast,
            "uid123",
            "/",
            new BroadcastData(new BroadcastPacket("deep", [Deep(kind)]), new BroadcastOptions(new HashSet<string>(), null, default)));
        var emit = new ClusterMessage(ClusterMessageType.ServerSideEmit, "uid123", "/", new ServerSideEmitData(["deep", Deep(kind)]));

        foreach (var message in new[] { broadcast, emit })
        {
            Action encode = () => codec.Encode(message);
            AssertClearFailure(encode);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Row_17_sharded_server_side_emit_of_a_20000_deep_value_throws(string kind)
    {
        var codec = new ShardedMessageCodec(ClassicCodecFixture.MessagePack, Json);
        var emit = new ClusterMessage(ClusterMessageType.ServerSideEmit, "uid123", "/", new ServerSideEmitData(["deep", Deep(kind)]));

        Action encode = () => codec.Encode(emit);

        AssertClearFailure(encode);
    }

    private static void AssertClearFailure(Action encode)
    {
        var thrown = encode.Should().Throw<Exception>().Which;
        new[] { typeof(InvalidOperationException), typeof(JsonException), typeof(InsufficientExecutionStackException) }.Should().Contain(thrown.GetType(), thrown.ToString());
    }

    private static object Deep(string kind)
    {
        switch (kind)
        {
            case "object[]":
                object? array = 1;
                for (var i = 0; i < Depth; i++)
                {
                    array = new[] { array };
                }

                return array!;
            case "List":
                var list = new List<object?> { 1 };
                for (var i = 0; i < Depth; i++)
                {
                    list = [list];
                }

                return list;
            case "JsonNode":
                JsonNode node = JsonValue.Create(1);
                for (var i = 0; i < Depth; i++)
                {
                    node = new JsonArray(node);
                }

                return node;
            default:
                var map = new Dictionary<string, object?> { ["v"] = 1 };
                for (var i = 0; i < Depth; i++)
                {
                    map = new Dictionary<string, object?> { ["v"] = map };
                }

                return map;
        }
    }
}
