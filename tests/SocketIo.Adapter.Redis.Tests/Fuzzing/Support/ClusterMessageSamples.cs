using System.Text.Json;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;
using static SocketIo.Adapter.Redis.Tests.Wire.ClassicCodecFixture;

namespace SocketIo.Adapter.Redis.Tests.Fuzzing.Support;

/// <summary>One message of every cluster type, with JSON, binary and nested arguments: what the wire seeds encode.</summary>
internal static class ClusterMessageSamples
{
    private const string Uid = "AbC123";

    public static IReadOnlyList<ClusterMessage> All { get; } = Build();

    private static List<ClusterMessage> Build()
    {
        var options = new BroadcastOptions(new HashSet<string> { "lobby", "123" }, new HashSet<string> { "sid1" }, new BroadcastFlags { Volatile = true, Compress = false, Timeout = TimeSpan.FromSeconds(5), ExpectSingleResponse = true });
        var json = JsonDocument.Parse("""{"n":1.5,"s":"\u00e9\ud83d\ude00","list":[true,false,null,[[]]],"o":{"_placeholder":true,"num":0}}""").RootElement.Clone();
        object?[] arguments = ["hi", 1, -2.5, json, new byte[] { 0, 1, 255 }, new object?[] { new byte[] { 7 }, null }, new Dictionary<string, object?> { ["k"] = "v" }];
        var socket = new SocketDescription("sid1", Handshake(), ["sid1", "lobby"], new Dictionary<string, object?> { ["n"] = 1, ["blob"] = new byte[] { 1 } });
        return
        [
            new(ClusterMessageType.Broadcast, Uid, "/", new BroadcastData(new BroadcastPacket("chat", arguments), options)),
            new(ClusterMessageType.Broadcast, Uid, "/admin", new BroadcastData(new BroadcastPacket("chat", ["text only", json]), BroadcastOptions.All)),
            new(ClusterMessageType.Broadcast, Uid, "/", new BroadcastData(new BroadcastPacket("ask", [1]), options, "r1")),
            new(ClusterMessageType.Broadcast, Uid, "/", new BroadcastData(new BroadcastPacket("room", []), new BroadcastOptions(new HashSet<string> { "solo" }))),
            new(ClusterMessageType.SocketsJoin, Uid, "/", new SocketsRoomsData(options, ["x", "y"])),
            new(ClusterMessageType.SocketsLeave, Uid, "/", new SocketsRoomsData(options, ["x"])),
            new(ClusterMessageType.DisconnectSockets, Uid, "/", new DisconnectSocketsData(options, true)),
            new(ClusterMessageType.FetchSockets, Uid, "/", new FetchSocketsData(options, "r2")),
            new(ClusterMessageType.FetchSocketsResponse, Uid, "/", new FetchSocketsResponseData("r2", [socket])),
            new(ClusterMessageType.ServerSideEmit, Uid, "/", new ServerSideEmitData(["hello", "world", 1, new byte[] { 2 }])),
            new(ClusterMessageType.ServerSideEmit, Uid, "/", new ServerSideEmitData(["ping"], "r3")),
            new(ClusterMessageType.ServerSideEmitResponse, Uid, "/", new ServerSideEmitResponseData("r3", new { pong = true, list = new[] { 1, 2 } })),
            new(ClusterMessageType.BroadcastClientCount, Uid, "/", new BroadcastClientCountData("r4", 2)),
            new(ClusterMessageType.BroadcastAck, Uid, "/", new BroadcastAckData("r4", "x")),
            new(ClusterMessageType.BroadcastAck, Uid, "/", new BroadcastAckData("r4", new byte[] { 9, 9 })),
            new(ClusterMessageType.Heartbeat, Uid, "/", null),
            new(ClusterMessageType.InitialHeartbeat, Uid, "/", null),
            new(ClusterMessageType.AdapterClose, Uid, "/", null),
        ];
    }
}
