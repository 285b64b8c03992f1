using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Tests.Wire;

public class ShardedMessageCodecTests
{
    private const string Uid = "9f1c2b3a4d5e6f70";

    internal static readonly JsonSerializerOptions WebOptions = new(JsonSerializerDefaults.Web);

    internal static ShardedMessageCodec Codec { get; } = new(new NotepackCodec(WebOptions), WebOptions);

    [Fact]
    public void A_broadcast_is_the_json_node_prints()
    {
        var message = Message(ClusterMessageType.Broadcast, new BroadcastData(new BroadcastPacket("chat", ["hi"]), Options(["lobby"])));

        Text(message).Should().Be("""{"type":3,"data":{"packet":{"type":2,"data":["chat","hi"]},"opts":{"rooms":["lobby"],"except":[],"flags":{}}},"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
    }

    [Fact]
    public void An_acknowledged_broadcast_puts_the_request_id_between_packet_and_options()
    {
        var flags = new BroadcastFlags { Timeout = TimeSpan.FromSeconds(5) };
        var message = Message(ClusterMessageType.Broadcast, new BroadcastData(new BroadcastPacket("ask", [1]), Options([], ["sid"], flags), "r1"));

        Text(message).Should().Be("""{"type":3,"data":{"packet":{"type":2,"data":["ask",1]},"requestId":"r1","opts":{"rooms":[],"except":["sid"],"flags":{"timeout":5000}}},"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
    }

    [Fact]
    public void Only_the_flags_that_are_set_are_written_and_never_local()
    {
        var flags = new BroadcastFlags { Volatile = true, Compress = false, ExpectSingleResponse = true, Timeout = TimeSpan.FromMilliseconds(1500.5), Local = true };
        var message = Message(ClusterMessageType.Broadcast, new BroadcastData(new BroadcastPacket("e", []), Options([], [], flags)));

        Text(message).Should().Contain("""
            "flags":{"volatile":true,"compress":false,"expectSingleResponse":true,"timeout":1500.5}
            """);
    }

    [Fact]
    public void Room_operations_disconnects_and_fetches_keep_node_field_order()
    {
        var options = Options(["a"], ["b"]);

        Text(Message(ClusterMessageType.SocketsJoin, new SocketsRoomsData(options, ["x", "y"]))).Should().Be(
            """{"type":4,"data":{"opts":{"rooms":["a"],"except":["b"],"flags":{}},"rooms":["x","y"]},"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
        Text(Message(ClusterMessageType.SocketsLeave, new SocketsRoomsData(options, ["x"]))).Should().Be(
            """{"type":5,"data":{"opts":{"rooms":["a"],"except":["b"],"flags":{}},"rooms":["x"]},"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
        Text(Message(ClusterMessageType.DisconnectSockets, new DisconnectSocketsData(options, true))).Should().Be(
            """{"type":6,"data":{"opts":{"rooms":["a"],"except":["b"],"flags":{}},"close":true},"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
        Text(Message(ClusterMessageType.FetchSockets, new FetchSocketsData(options, "r2"))).Should().Be(
            """{"type":7,"data":{"opts":{"rooms":["a"],"except":["b"],"flags":{}},"requestId":"r2"},"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
    }

    [Fact]
    public void Server_side_emits_and_answers_keep_node_field_order()
    {
        Text(Message(ClusterMessageType.ServerSideEmit, new ServerSideEmitData(["hello", "world", 1]))).Should().Be(
            """{"type":9,"data":{"packet":["hello","world",1]},"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
        Text(Message(ClusterMessageType.ServerSideEmit, new ServerSideEmitData(["ping"], "r3"))).Should().Be(
            """{"type":9,"data":{"requestId":"r3","packet":["ping"]},"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
        Text(Message(ClusterMessageType.ServerSideEmitResponse, new ServerSideEmitResponseData("r3", new { pong = true }))).Should().Be(
            """{"type":10,"data":{"requestId":"r3","packet":{"pong":true}},"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
        Text(Message(ClusterMessageType.BroadcastClientCount, new BroadcastClientCountData("r4", 2))).Should().Be(
            """{"type":11,"data":{"requestId":"r4","clientCount":2},"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
        Text(Message(ClusterMessageType.BroadcastAck, new BroadcastAckData("r4", "x"))).Should().Be(
            """{"type":12,"data":{"requestId":"r4","packet":"x"},"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
        Text(Message(ClusterMessageType.Heartbeat, null)).Should().Be("""{"type":2,"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
    }

    [Fact]
    public void A_fetched_socket_carries_node_handshake_field_names()
    {
        var socket = Socket(new Dictionary<string, object?> { ["name"] = "dotnet", ["n"] = 1 });

        var text = Text(Message(ClusterMessageType.FetchSocketsResponse, new FetchSocketsResponseData("r5", [socket])));

        text.Should().Be(
            """{"type":8,"data":{"requestId":"r5","sockets":[{"id":"abcdefghij0123456789","handshake":{"headers":{"host":"localhost","set-cookie":["a=1","b=2"],"accept":"x, y"},"time":"Fri Nov 14 2025 12:00:00 GMT+0000 (Coordinated Universal Time)","address":"127.0.0.1","xdomain":true,"secure":false,"issued":1763121600000,"url":"/socket.io/?EIO=4","query":{"EIO":"4","t":["1","2"]},"auth":{"token":"abc"}},"rooms":["abcdefghij0123456789","lobby"],"data":{"name":"dotnet","n":1}}]},"uid":"9f1c2b3a4d5e6f70","nsp":"/"}""");
    }

    [Fact]
    public void A_fetched_socket_reads_back_with_the_same_fields()
    {
        var socket = Socket(new Dictionary<string, object?> { ["name"] = "dotnet" });

        var decoded = (FetchSocketsResponseData)RoundTrip(Message(ClusterMessageType.FetchSocketsResponse, new FetchSocketsResponseData("r5", [socket]))).Data!;

        var read = decoded.Sockets.Should().ContainSingle().Subject;
        read.Id.Should().Be(socket.Id);
        read.Rooms.Should().Equal(socket.Rooms);
        ((JsonElement)read.Data["name"]!).GetString().Should().Be("dotnet");
        read.Handshake.Headers["HOST"].ToString().Should().Be("localhost");
        read.Handshake.Headers["set-cookie"].ToArray().Should().Equal("a=1", "b=2");
        read.Handshake.Query["t"].ToArray().Should().Equal("1", "2");
        read.Handshake.Address.Should().Be("127.0.0.1");
        read.Handshake.CrossDomain.Should().BeTrue();
        read.Handshake.Secure.Should().BeFalse();
        read.Handshake.Issued.Should().Be(socket.Handshake.Issued);
        read.Handshake.Time.Should().Be(socket.Handshake.Time);
        read.Handshake.Url.Should().Be(socket.Handshake.Url);
        read.Handshake.Auth.GetProperty("token").GetString().Should().Be("abc");
    }

    [Fact]
    public void Binary_arguments_turn_the_whole_message_into_messagepack()
    {
        var message = Message(ClusterMessageType.Broadcast, new BroadcastData(new BroadcastPacket("bin", [new byte[] { 1, 2, 3 }, new { nested = new byte[] { 4 } }]), Options([])));

        var bytes = Codec.Encode(message);

        bytes[0].Should().Be(0x84, "a MessagePack map of type, data, uid, nsp");
        var decoded = (BroadcastData)Codec.Decode(bytes, out _)!.Data!;
        decoded.Packet.EventName.Should().Be("bin");
        decoded.Packet.Arguments[0].Should().BeEquivalentTo(new byte[] { 1, 2, 3 });
        var nested = decoded.Packet.Arguments[1].Should().BeAssignableTo<JsonNode>().Subject;
        nested["nested"]!.GetValue<byte[]>().Should().Equal(4);
    }

    [Theory]
    [InlineData(ClusterMessageType.ServerSideEmitResponse)]
    [InlineData(ClusterMessageType.BroadcastAck)]
    public void Binary_answers_are_messagepack(ClusterMessageType type)
    {
        ClusterMessageData data = type == ClusterMessageType.BroadcastAck
            ? new BroadcastAckData("r", new object?[] { new byte[] { 9 } })
            : new ServerSideEmitResponseData("r", new byte[] { 9 });

        var bytes = Codec.Encode(Message(type, data));

        bytes[0].Should().NotBe((byte)'{');
        Codec.Decode(bytes, out _)!.Type.Should().Be(type);
    }

    [Fact]
    public void Binary_in_socket_data_makes_a_fetch_answer_messagepack()
    {
        var socket = Socket(new Dictionary<string, object?> { ["avatar"] = new byte[] { 7, 7 } });

        var bytes = Codec.Encode(Message(ClusterMessageType.FetchSocketsResponse, new FetchSocketsResponseData("r", [socket])));

        bytes[0].Should().NotBe((byte)'{');
        var read = ((FetchSocketsResponseData)Codec.Decode(bytes, out _)!.Data!).Sockets[0];
        read.Data["avatar"].Should().BeEquivalentTo(new byte[] { 7, 7 });
        read.Handshake.Headers["accept"].ToString().Should().Be("x, y");
        read.Handshake.Auth.GetProperty("token").GetString().Should().Be("abc");
    }

    [Fact]
    public void Absent_except_and_flags_read_as_empty()
    {
        var message = Decode("""{"type":3,"data":{"packet":{"type":2,"data":["e"]},"opts":{"rooms":["r"]}},"uid":"u","nsp":"/"}""");

        var data = (BroadcastData)message.Data!;
        data.Options.Rooms.Should().Equal("r");
        data.Options.Except.Should().BeEmpty();
        data.Options.Flags.Should().Be(default(BroadcastFlags));
    }

    [Fact]
    public void Numeric_rooms_read_as_their_decimal_text()
    {
        var message = Decode("""{"type":4,"data":{"opts":{"rooms":[123,1.5],"except":[7]},"rooms":[42]},"uid":"u","nsp":"/"}""");

        var data = (SocketsRoomsData)message.Data!;
        data.Options.Rooms.Should().BeEquivalentTo(["123", "1.5"]);
        data.Options.Except.Should().Equal("7");
        data.Rooms.Should().Equal("42");
    }

    [Fact]
    public void Received_flags_keep_what_the_adapter_knows_and_ignore_the_rest()
    {
        var message = Decode("""{"type":3,"data":{"packet":{"type":2,"data":["e"]},"opts":{"rooms":[],"except":[],"flags":{"volatile":true,"compress":false,"timeout":250,"expectSingleResponse":true,"local":true,"broadcast":true}}},"uid":"u","nsp":"/"}""");

        ((BroadcastData)message.Data!).Options.Flags.Should().Be(new BroadcastFlags
        {
            Volatile = true,
            Compress = false,
            Timeout = TimeSpan.FromMilliseconds(250),
            ExpectSingleResponse = true,
        });
    }

    [Fact]
    public void Answers_without_a_value_read_as_null()
    {
        var message = Decode("""{"type":10,"data":{"requestId":"r"},"uid":"u","nsp":"/"}""");

        message.Data.Should().Be(new ServerSideEmitResponseData("r", null));
    }

    [Theory]
    [InlineData("", "malformed")]
    [InlineData("{", "malformed")]
    [InlineData("{\"type\":3", "malformed")]
    [InlineData("""{"type":99,"uid":"u","nsp":"/"}""", "invalid type")]
    [InlineData("""{"type":"3","uid":"u","nsp":"/"}""", "invalid type")]
    [InlineData("""{"type":3.5,"uid":"u","nsp":"/"}""", "invalid type")]
    [InlineData("""{"type":3,"uid":"u"}""", "invalid nsp")]
    [InlineData("""{"type":3,"uid":7,"nsp":"/"}""", "invalid uid")]
    [InlineData("""{"type":3,"uid":"u","nsp":"/"}""", "invalid data")]
    [InlineData("""{"type":3,"data":{"packet":{"type":2,"data":["e"]},"opts":{"rooms":[{}]}},"uid":"u","nsp":"/"}""", "invalid data")]
    [InlineData("""{"type":3,"data":{"packet":{"type":2,"data":[1]},"opts":{"rooms":[]}},"uid":"u","nsp":"/"}""", "invalid data")]
    [InlineData("""{"type":3,"data":{"packet":{"type":0,"data":["e"]},"opts":{"rooms":[]}},"uid":"u","nsp":"/"}""", "invalid data")]
    [InlineData("""{"type":3,"data":{"packet":{"type":2,"data":["e"]}},"uid":"u","nsp":"/"}""", "invalid data")]
    [InlineData("""{"type":3,"data":{"packet":{"type":2,"data":["e"]},"opts":{"rooms":"r"}},"uid":"u","nsp":"/"}""", "invalid data")]
    [InlineData("""{"type":6,"data":{"opts":{},"close":"yes"},"uid":"u","nsp":"/"}""", "invalid data")]
    [InlineData("""{"type":7,"data":{"opts":{}},"uid":"u","nsp":"/"}""", "invalid data")]
    [InlineData("""{"type":11,"data":{"requestId":"r","clientCount":-1},"uid":"u","nsp":"/"}""", "invalid data")]
    [InlineData("""{"type":8,"data":{"requestId":"r","sockets":[{"rooms":[]}]},"uid":"u","nsp":"/"}""", "invalid data")]
    [InlineData("""{"type":9,"data":{"packet":"e"},"uid":"u","nsp":"/"}""", "invalid data")]
    [InlineData("""{"type":9,"data":{"packet":["\ud800"]},"uid":"u","nsp":"/"}""", "invalid")]
    public void What_is_not_a_cluster_message_is_rejected_with_a_reason(string payload, string reason)
    {
        var message = Codec.Decode(Encoding.UTF8.GetBytes(payload), out var dropReason);

        message.Should().BeNull();
        dropReason.Should().Be(reason);
    }

    [Fact]
    public void MessagePack_that_is_not_a_map_is_rejected()
    {
        Codec.Decode(new byte[] { 0x93, 1, 2, 3 }, out var reason).Should().BeNull();
        reason.Should().Be("invalid type");
        Codec.Decode(new byte[] { 0xc1 }, out reason).Should().BeNull();
        reason.Should().Be("malformed");
    }

    [Fact]
    public void Deeply_nested_input_is_rejected_without_overflowing_the_stack()
    {
        var deepJson = "{\"type\":9,\"data\":{\"packet\":[\"e\"," + new string('[', 100_000) + new string(']', 100_000) + "]},\"uid\":\"u\",\"nsp\":\"/\"}";
        Codec.Decode(Encoding.UTF8.GetBytes(deepJson), out var reason).Should().BeNull();
        reason.Should().Be("malformed");

        var deepMessagePack = Enumerable.Repeat((byte)0x91, 100_000).Append((byte)0xc0).ToArray();
        Codec.Decode(deepMessagePack, out reason).Should().BeNull();
        reason.Should().Be("malformed");
    }

    internal static ClusterMessage Message(ClusterMessageType type, ClusterMessageData? data) => new(type, Uid, "/", data);

    internal static BroadcastOptions Options(string[] rooms, string[]? except = null, BroadcastFlags flags = default) =>
        new(new HashSet<string>(rooms, StringComparer.Ordinal), new HashSet<string>(except ?? [], StringComparer.Ordinal), flags);

    internal static SocketDescription Socket(Dictionary<string, object?> data)
    {
        var handshake = new SocketHandshake(
            new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase)
            {
                ["Host"] = "localhost",
                ["Set-Cookie"] = new StringValues(["a=1", "b=2"]),
                ["Accept"] = new StringValues(["x", "y"]),
            },
            new Dictionary<string, StringValues> { ["EIO"] = "4", ["t"] = new StringValues(["1", "2"]) },
            "127.0.0.1",
            crossDomain: true,
            secure: false,
            new DateTimeOffset(2025, 11, 14, 12, 0, 0, TimeSpan.Zero),
            "/socket.io/?EIO=4",
            JsonDocument.Parse("""{"token":"abc"}""").RootElement);
        return new SocketDescription("abcdefghij0123456789", handshake, ["abcdefghij0123456789", "lobby"], data);
    }

    private static string Text(ClusterMessage message) => Encoding.UTF8.GetString(Codec.Encode(message));

    private static ClusterMessage RoundTrip(ClusterMessage message) => Codec.Decode(Codec.Encode(message), out _)!;

    private static ClusterMessage Decode(string json)
    {
        var message = Codec.Decode(Encoding.UTF8.GetBytes(json), out var reason);
        message.Should().NotBeNull(reason);
        return message!;
    }
}
