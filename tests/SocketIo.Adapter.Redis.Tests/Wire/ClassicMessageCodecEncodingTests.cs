using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;
using static SocketIo.Adapter.Redis.Tests.Wire.ClassicCodecFixture;

namespace SocketIo.Adapter.Redis.Tests.Wire;

/// <summary>What a .NET node publishes, byte for byte as a Node node publishes it (vectors from protocol notes §5.6).</summary>
public sealed class ClassicMessageCodecEncodingTests
{
    private static readonly BroadcastOptions Everyone = BroadcastOptions.All;

    [Fact]
    public void A_broadcast_to_one_room_is_the_reference_msgpack_array_on_the_room_channel()
    {
        var message = new ClusterMessage(
            ClusterMessageType.Broadcast,
            "AbC123",
            "/",
            new BroadcastData(new BroadcastPacket("chat", ["hi", 1.5, new byte[] { 1, 2 }]), new BroadcastOptions(Set("lobby"))));

        var encoded = Codec().Encode(message);

        encoded.Channel.Should().Be("socket.io#/#lobby#");
        encoded.Payload.ToArray().Should().Equal(Hex(
            "93 a6 41 62 43 31 32 33 83 a4 74 79 70 65 02 a4 64 61 74 61 94 a4 63 68 61 74 a2 68 69 cb 3f f8 00 00 00 00 00 00 c4 02 01 02 a3 6e 73 70 a1 2f 83 a5 72 6f 6f 6d 73 91 a5 6c 6f 62 62 79 a6 65 78 63 65 70 74 90 a5 66 6c 61 67 73 80"));
    }

    [Fact]
    public void A_broadcast_to_no_room_or_several_goes_to_the_namespace_channel()
    {
        var codec = Codec("/chat");

        codec.Encode(Broadcast(Everyone)).Channel.Should().Be("socket.io#/chat#");
        codec.Encode(Broadcast(new BroadcastOptions(Set("a", "b")))).Channel.Should().Be("socket.io#/chat#");
    }

    [Fact]
    public void Flags_are_written_only_when_set_and_local_never()
    {
        var options = new BroadcastOptions(
            except: Set("sid1"),
            flags: new BroadcastFlags { Volatile = true, Compress = false, Local = true, Timeout = TimeSpan.FromSeconds(1.5), ExpectSingleResponse = true });

        var tree = (object?[])ClassicCodecFixture.MessagePack.Decode(Codec().Encode(Broadcast(options)).Payload)!;

        var opts = (Dictionary<string, object?>)tree[2]!;
        opts.Keys.Should().Equal("rooms", "except", "flags");
        opts["except"].Should().BeEquivalentTo(new object[] { "sid1" });
        ((Dictionary<string, object?>)opts["flags"]!).Should().Equal(new Dictionary<string, object?>
        {
            ["expectSingleResponse"] = true,
            ["volatile"] = true,
            ["compress"] = false,
            ["timeout"] = 1500L,
        });
    }

    [Fact]
    public void An_acknowledged_broadcast_is_the_reference_msgpack_request()
    {
        var message = new ClusterMessage(
            ClusterMessageType.Broadcast,
            "AbC123",
            "/",
            new BroadcastData(new BroadcastPacket("ping", []), new BroadcastOptions(flags: new BroadcastFlags { Timeout = TimeSpan.FromSeconds(1) }), "Xy9-_a"));

        var encoded = Codec().Encode(message);

        encoded.Channel.Should().Be("socket.io-request#/#");
        encoded.Payload.ToArray().Should().Equal(Hex(
            "85 a3 75 69 64 a6 41 62 43 31 32 33 a9 72 65 71 75 65 73 74 49 64 a6 58 79 39 2d 5f 61 a4 74 79 70 65 07 a6 70 61 63 6b 65 74 83 a4 74 79 70 65 02 a4 64 61 74 61 91 a4 70 69 6e 67 a3 6e 73 70 a1 2f a4 6f 70 74 73 83 a5 72 6f 6f 6d 73 90 a6 65 78 63 65 70 74 90 a5 66 6c 61 67 73 81 a7 74 69 6d 65 6f 75 74 cd 03 e8"));
    }

    [Fact]
    public void A_client_acknowledgement_is_the_reference_msgpack_response()
    {
        var encoded = Codec().EncodeResponse(Response(ClusterMessageType.BroadcastAck, new BroadcastAckData("Xy9-_a", "pong")), "AbC123");

        encoded.Channel.Should().Be("socket.io-response#/#");
        encoded.Payload.ToArray().Should().Equal(Hex(
            "83 a4 74 79 70 65 09 a9 72 65 71 75 65 73 74 49 64 a6 58 79 39 2d 5f 61 a6 70 61 63 6b 65 74 a4 70 6f 6e 67"));
    }

    [Fact]
    public void Joins_leaves_and_disconnects_are_json_requests_with_the_uid()
    {
        var codec = Codec();
        var options = new BroadcastOptions(Set("lobby"), Set("sid1"), new BroadcastFlags { Volatile = true });

        Text(codec.Encode(new ClusterMessage(ClusterMessageType.SocketsJoin, "AbC123", "/", new SocketsRoomsData(options, ["r1", "r2"]))).Payload)
            .Should().Be("""{"uid":"AbC123","type":2,"opts":{"rooms":["lobby"],"except":["sid1"]},"rooms":["r1","r2"]}""");
        Text(codec.Encode(new ClusterMessage(ClusterMessageType.SocketsLeave, "AbC123", "/", new SocketsRoomsData(options, ["r1"]))).Payload)
            .Should().Be("""{"uid":"AbC123","type":3,"opts":{"rooms":["lobby"],"except":["sid1"]},"rooms":["r1"]}""");
        var disconnect = codec.Encode(new ClusterMessage(ClusterMessageType.DisconnectSockets, "AbC123", "/", new DisconnectSocketsData(Everyone, Close: true)));
        disconnect.Channel.Should().Be("socket.io-request#/#");
        Text(disconnect.Payload).Should().Be("""{"uid":"AbC123","type":4,"opts":{"rooms":[],"except":[]},"close":true}""");
    }

    [Fact]
    public void Fetches_and_server_side_emits_are_json_requests()
    {
        var codec = Codec();

        Text(codec.Encode(new ClusterMessage(ClusterMessageType.FetchSockets, "AbC123", "/", new FetchSocketsData(new BroadcastOptions(Set("vip")), "Xy9-_a"))).Payload)
            .Should().Be("""{"uid":"AbC123","requestId":"Xy9-_a","type":5,"opts":{"rooms":["vip"],"except":[]}}""");
        Text(codec.Encode(new ClusterMessage(ClusterMessageType.ServerSideEmit, "AbC123", "/", new ServerSideEmitData(["hello", "world", 42, null]))).Payload)
            .Should().Be("""{"uid":"AbC123","type":6,"data":["hello","world",42,null]}""");
        Text(codec.Encode(new ClusterMessage(ClusterMessageType.ServerSideEmit, "AbC123", "/", new ServerSideEmitData(["count", 0.5, new { A = 1 }], "Xy9-_a"))).Payload)
            .Should().Be("""{"uid":"AbC123","requestId":"Xy9-_a","type":6,"data":["count",0.5,{"a":1}]}""");
    }

    [Fact]
    public void Binary_in_a_json_request_is_written_as_node_writes_a_buffer()
    {
        var encoded = Codec().Encode(new ClusterMessage(ClusterMessageType.ServerSideEmit, "AbC123", "/", new ServerSideEmitData(["bin", new byte[] { 1, 255 }])));

        Text(encoded.Payload).Should().Be("""{"uid":"AbC123","type":6,"data":["bin",{"type":"Buffer","data":[1,255]}]}""");
    }

    [Fact]
    public void All_rooms_requests_and_answers_are_json()
    {
        var codec = Codec();

        Text(codec.EncodeAllRoomsRequest("AbC123", "Xy9-_a").Payload).Should().Be("""{"uid":"AbC123","requestId":"Xy9-_a","type":1}""");
        Text(codec.EncodeAllRoomsResponse("AbC123", "Xy9-_a", ["sid1", "lobby"]).Payload).Should().Be("""{"requestId":"Xy9-_a","rooms":["sid1","lobby"]}""");
    }

    [Fact]
    public void Answers_are_json_on_the_shared_channel_or_the_requesters_own()
    {
        var shared = Codec();
        var specific = Codec(specific: true);
        var count = Response(ClusterMessageType.BroadcastClientCount, new BroadcastClientCountData("Xy9-_a", 3));

        var onShared = shared.EncodeResponse(count, "AbC123");
        onShared.Channel.Should().Be("socket.io-response#/#");
        Text(onShared.Payload).Should().Be("""{"type":8,"requestId":"Xy9-_a","clientCount":3}""");
        specific.EncodeResponse(count, "AbC123").Channel.Should().Be("socket.io-response#/#AbC123#");
        specific.EncodeAllRoomsResponse("AbC123", "Xy9-_a", []).Channel.Should().Be("socket.io-response#/#AbC123#");
        specific.EncodeResponse(Response(ClusterMessageType.BroadcastAck, new BroadcastAckData("Xy9-_a", 1)), "AbC123").Channel
            .Should().Be("socket.io-response#/#AbC123#");
    }

    [Fact]
    public void Server_side_emit_answers_always_go_to_the_shared_channel()
    {
        var encoded = Codec(specific: true).EncodeResponse(Response(ClusterMessageType.ServerSideEmitResponse, new ServerSideEmitResponseData("Xy9-_a", "ok")), "AbC123");

        encoded.Channel.Should().Be("socket.io-response#/#");
        Text(encoded.Payload).Should().Be("""{"type":6,"requestId":"Xy9-_a","data":"ok"}""");
    }

    [Fact]
    public void A_fetch_answer_describes_sockets_with_nodes_handshake_fields()
    {
        var socket = new SocketDescription(
            "sid1",
            Handshake(),
            ["sid1", "lobby"],
            new Dictionary<string, object?> { ["name"] = "b", ["n"] = 1 });

        var encoded = Codec().EncodeResponse(Response(ClusterMessageType.FetchSocketsResponse, new FetchSocketsResponseData("Xy9-_a", [socket])), "AbC123");

        Text(encoded.Payload).Should().Be(
            """{"requestId":"Xy9-_a","sockets":[{"id":"sid1","handshake":{"headers":{"host":"localhost:3000","set-cookie":["a=1","b=2"],"accept":"text/html, */*"},"time":"Tue Nov 14 2023 22:13:20 GMT+0000 (Coordinated Universal Time)","address":"::1","xdomain":true,"secure":false,"issued":1700000000123,"url":"/socket.io/?EIO=4&transport=websocket","query":{"EIO":"4","transport":"websocket","tag":["x","y"]},"auth":{"token":"t"}},"rooms":["sid1","lobby"],"data":{"name":"b","n":1}}]}""");
    }

    [Fact]
    public void Json_strings_and_numbers_are_written_as_json_stringify_writes_them()
    {
        var encoded = Codec().Encode(new ClusterMessage(
            ClusterMessageType.ServerSideEmit,
            "AbC123",
            "/",
            new ServerSideEmitData(["e", "é\"\\\n\u0001\u2028<>&'/", "\ud800", 1e21, 1e-7, 123456789.125, -0.0, double.NaN, long.MaxValue])));

        Text(encoded.Payload).Should().Be(
            "{\"uid\":\"AbC123\",\"type\":6,\"data\":[\"e\",\"é\\\"\\\\\\n\\u0001\u2028<>&'/\",\"\\ud800\",1e+21,1e-7,123456789.125,0,null,9223372036854775807]}");
    }

    [Fact]
    public void Answers_and_requests_are_not_confused()
    {
        var codec = Codec();

        codec.Invoking(c => c.Encode(Response(ClusterMessageType.BroadcastClientCount, new BroadcastClientCountData("x", 1))))
            .Should().Throw<ArgumentException>();
        codec.Invoking(c => c.EncodeResponse(Broadcast(Everyone), "AbC123")).Should().Throw<ArgumentException>();
    }

    internal static IReadOnlySet<string> Set(params string[] rooms) => new HashSet<string>(rooms, StringComparer.Ordinal);

    private static ClusterMessage Broadcast(BroadcastOptions options) =>
        new(ClusterMessageType.Broadcast, "AbC123", "/", new BroadcastData(new BroadcastPacket("e", []), options));

    private static ClusterMessage Response(ClusterMessageType type, ClusterMessageData data) => new(type, "Zz0000", "/", data);
}
