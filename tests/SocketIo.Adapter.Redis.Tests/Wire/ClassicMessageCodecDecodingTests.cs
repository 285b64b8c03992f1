using System.Text.Json;
using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;
using static SocketIo.Adapter.Redis.Tests.Wire.ClassicCodecFixture;

namespace SocketIo.Adapter.Redis.Tests.Wire;

/// <summary>What a .NET node makes of what Node nodes and the Redis emitter publish.</summary>
public sealed class ClassicMessageCodecDecodingTests
{
    private const string ReferenceBroadcast =
        "93 a6 41 62 43 31 32 33 83 a4 74 79 70 65 02 a4 64 61 74 61 94 a4 63 68 61 74 a2 68 69 cb 3f f8 00 00 00 00 00 00 c4 02 01 02 a3 6e 73 70 a1 2f 83 a5 72 6f 6f 6d 73 91 a5 6c 6f 62 62 79 a6 65 78 63 65 70 74 90 a5 66 6c 61 67 73 80";

    [Fact]
    public void Decodes_the_reference_broadcast()
    {
        var message = Decoded(Codec().Decode("socket.io#/#lobby#", Hex(ReferenceBroadcast)));

        message.Type.Should().Be(ClusterMessageType.Broadcast);
        message.Uid.Should().Be("AbC123");
        message.Namespace.Should().Be("/");
        var data = (BroadcastData)message.Data!;
        data.RequestId.Should().BeNull();
        data.Packet.EventName.Should().Be("chat");
        ((JsonElement)data.Packet.Arguments[0]!).GetString().Should().Be("hi");
        ((JsonElement)data.Packet.Arguments[1]!).GetDouble().Should().Be(1.5);
        data.Packet.Arguments[2].Should().BeEquivalentTo(new byte[] { 1, 2 });
        data.Options.Rooms.Should().Equal("lobby");
        data.Options.Except.Should().BeEmpty();
        data.Options.Flags.Should().Be(default(BroadcastFlags));
    }

    [Fact]
    public void Decoding_then_encoding_the_reference_broadcast_gives_the_same_bytes()
    {
        var codec = Codec();

        var message = Decoded(codec.Decode("socket.io#/#lobby#", Hex(ReferenceBroadcast)));

        codec.Encode(message).Payload.ToArray().Should().Equal(Hex(ReferenceBroadcast));
    }

    [Fact]
    public void A_packet_without_nsp_is_for_the_main_namespace_and_missing_except_and_flags_are_empty()
    {
        // ["emitter", {type: 2, data: ["e"]}, {rooms: []}]
        var payload = Encode(new object?[] { "emitter", Map(("type", 2), ("data", new object?[] { "e" })), Map(("rooms", Array.Empty<object?>())) });

        var message = Decoded(Codec().Decode("socket.io#/#", payload));

        message.Uid.Should().Be("emitter");
        message.Namespace.Should().Be("/");
        var options = ((BroadcastData)message.Data!).Options;
        options.Rooms.Should().BeEmpty();
        options.Except.Should().BeEmpty();
        options.Flags.Should().Be(default(BroadcastFlags));
    }

    [Fact]
    public void A_broadcast_keeps_the_namespace_of_its_packet()
    {
        var payload = Encode(new object?[] { "xY", Map(("type", 2), ("data", new object?[] { "e" }), ("nsp", "/other")), Map() });

        Decoded(Codec().Decode("socket.io#/#", payload)).Namespace.Should().Be("/other");
    }

    [Fact]
    public void Emitter_options_in_any_key_order_with_flags_are_read()
    {
        var payload = Encode(new object?[]
        {
            "emitter",
            Map(("type", 2), ("data", new object?[] { "e", 1 }), ("nsp", "/")),
            Map(("rooms", new object?[] { "a" }), ("flags", Map(("volatile", true), ("compress", false), ("timeout", 250), ("broadcast", true))), ("except", new object?[] { "b" })),
        });

        var options = ((BroadcastData)Decoded(Codec().Decode("socket.io#/#a#", payload)).Data!).Options;

        options.Except.Should().Equal("b");
        options.Flags.Should().Be(new BroadcastFlags { Volatile = true, Compress = false, Timeout = TimeSpan.FromMilliseconds(250) });
    }

    [Fact]
    public void Numeric_rooms_from_node_are_their_decimal_strings()
    {
        var payload = Encode(new object?[] { "xY", Map(("type", 2), ("data", new object?[] { "e" }), ("nsp", "/")), Map(("rooms", new object?[] { 123, 1.5 }), ("except", new object?[] { -7 })) });
        var json = Utf8("""{"uid":"xY","type":2,"opts":{"rooms":[42],"except":[]},"rooms":[7,"r"]}""");

        var broadcast = ((BroadcastData)Decoded(Codec().Decode("socket.io#/#", payload)).Data!).Options;
        var join = (SocketsRoomsData)Decoded(Codec().Decode("socket.io-request#/#", json)).Data!;

        broadcast.Rooms.Should().BeEquivalentTo("123", "1.5");
        broadcast.Except.Should().Equal("-7");
        join.Options.Rooms.Should().Equal("42");
        join.Rooms.Should().Equal("7", "r");
    }

    [Fact]
    public void Json_requests_are_read_by_type()
    {
        var codec = Codec("/chat");

        var join = Decoded(codec.Decode("socket.io-request#/chat#", Utf8("""{"uid":"xY","type":2,"opts":{"rooms":["a"],"except":["b"]},"rooms":["c"]}""")));
        var leave = Decoded(codec.Decode("socket.io-request#/chat#", Utf8("""{"uid":"xY","type":3,"opts":{"rooms":[],"except":[]},"rooms":["c"]}""")));
        var disconnect = Decoded(codec.Decode("socket.io-request#/chat#", Utf8("""{"uid":"xY","type":4,"opts":{"rooms":["a"],"except":[]},"close":true}""")));
        var fetch = Decoded(codec.Decode("socket.io-request#/chat#", Utf8("""{"uid":"xY","requestId":"r1","type":5,"opts":{"rooms":["a"],"except":[]}}""")));
        var emit = Decoded(codec.Decode("socket.io-request#/chat#", Utf8("""{"uid":"xY","requestId":"r2","type":6,"data":["hello",{"a":[1,2]},null]}""")));

        join.Type.Should().Be(ClusterMessageType.SocketsJoin);
        join.Namespace.Should().Be("/chat");
        join.Uid.Should().Be("xY");
        ((SocketsRoomsData)join.Data!).Options.Except.Should().Equal("b");
        leave.Type.Should().Be(ClusterMessageType.SocketsLeave);
        ((DisconnectSocketsData)disconnect.Data!).Close.Should().BeTrue();
        ((FetchSocketsData)fetch.Data!).RequestId.Should().Be("r1");
        var emitted = (ServerSideEmitData)emit.Data!;
        emitted.RequestId.Should().Be("r2");
        emitted.Arguments[0].Should().Be("hello");
        ((JsonElement)emitted.Arguments[1]!).GetRawText().Should().Be("""{"a":[1,2]}""");
        ((JsonElement)emitted.Arguments[2]!).ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void Emitter_requests_without_uid_are_applied()
    {
        var message = Decoded(Codec().Decode("socket.io-request#/#", Utf8("""{"type":6,"data":["hello"]}""")));

        message.Uid.Should().BeEmpty();
        ((ServerSideEmitData)message.Data!).RequestId.Should().BeNull();
    }

    [Fact]
    public void A_msgpack_acknowledged_broadcast_request_is_read()
    {
        var message = Decoded(Codec().Decode("socket.io-request#/#", Hex(
            "85 a3 75 69 64 a6 41 62 43 31 32 33 a9 72 65 71 75 65 73 74 49 64 a6 58 79 39 2d 5f 61 a4 74 79 70 65 07 a6 70 61 63 6b 65 74 83 a4 74 79 70 65 02 a4 64 61 74 61 91 a4 70 69 6e 67 a3 6e 73 70 a1 2f a4 6f 70 74 73 83 a5 72 6f 6f 6d 73 90 a6 65 78 63 65 70 74 90 a5 66 6c 61 67 73 81 a7 74 69 6d 65 6f 75 74 cd 03 e8")));

        var data = (BroadcastData)message.Data!;
        data.RequestId.Should().Be("Xy9-_a");
        data.Packet.EventName.Should().Be("ping");
        data.Options.Flags.Timeout.Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Answers_are_read_by_type_or_shape()
    {
        var codec = Codec();

        var count = Decoded(codec.Decode("socket.io-response#/#", Utf8("""{"type":8,"requestId":"r","clientCount":2}""")));
        var ack = Decoded(codec.Decode("socket.io-response#/#xY#", Hex("83 a4 74 79 70 65 09 a9 72 65 71 75 65 73 74 49 64 a6 58 79 39 2d 5f 61 a6 70 61 63 6b 65 74 a4 70 6f 6e 67")));
        var emitted = Decoded(codec.Decode("socket.io-response#/#", Utf8("""{"type":6,"requestId":"r"}""")));
        var rooms = codec.Decode("socket.io-response#/#", Utf8("""{"requestId":"r","rooms":["a",5]}"""));
        var legacySockets = codec.Decode("socket.io-response#/#", Utf8("""{"requestId":"r","sockets":["sid1"]}"""));
        var legacyAck = codec.Decode("socket.io-response#/#", Utf8("""{"requestId":"r"}"""));

        ((BroadcastClientCountData)count.Data!).ClientCount.Should().Be(2);
        ack.Type.Should().Be(ClusterMessageType.BroadcastAck);
        ((JsonElement)((BroadcastAckData)ack.Data!).Value!).GetString().Should().Be("pong");
        ((JsonElement)((ServerSideEmitResponseData)emitted.Data!).Value!).ValueKind.Should().Be(JsonValueKind.Null, "an undefined answer is left out of the JSON");
        rooms.Should().BeEquivalentTo(new ClassicAllRoomsResponse("r", ["a", "5"]));
        legacySockets.Should().BeOfType<ClassicIgnored>();
        legacyAck.Should().BeOfType<ClassicIgnored>();
    }

    [Fact]
    public void A_fetch_answer_rebuilds_the_handshake_from_nodes_fields()
    {
        var answer = Utf8("""
            {"requestId":"r","sockets":[{"id":"sid1","handshake":{"headers":{"host":"localhost:3000","set-cookie":["a=1","b=2"]},"time":"Tue Nov 14 2023 23:13:20 GMT+0100","address":"::ffff:127.0.0.1","xdomain":true,"secure":true,"issued":1700000000123,"url":"/socket.io/?EIO=4","query":{"EIO":"4","tag":["x","y"]},"auth":{"token":"t"}},"rooms":["sid1","lobby",7],"data":{"name":"b","blob":{"type":"Buffer","data":[1]}}}]}
            """);

        var message = Decoded(Codec().Decode("socket.io-response#/#", answer));

        var socket = ((FetchSocketsResponseData)message.Data!).Sockets.Should().ContainSingle().Subject;
        socket.Id.Should().Be("sid1");
        socket.Rooms.Should().Equal("sid1", "lobby", "7");
        ((JsonElement)socket.Data["name"]!).GetString().Should().Be("b");
        var handshake = socket.Handshake;
        handshake.Headers["HOST"].ToString().Should().Be("localhost:3000");
        handshake.Headers["set-cookie"].ToArray().Should().Equal("a=1", "b=2");
        handshake.Address.Should().Be("::ffff:127.0.0.1");
        handshake.CrossDomain.Should().BeTrue();
        handshake.Secure.Should().BeTrue();
        handshake.Issued.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123));
        handshake.Url.Should().Be("/socket.io/?EIO=4");
        handshake.Query["tag"].ToArray().Should().Equal("x", "y");
        handshake.Auth.GetProperty("token").GetString().Should().Be("t");
    }

    [Fact]
    public void A_fetch_answer_written_here_reads_back_the_same()
    {
        var codec = Codec();
        var socket = new SocketDescription("sid1", Handshake(), ["sid1", "lobby"], new Dictionary<string, object?> { ["n"] = 1 });
        var encoded = codec.EncodeResponse(new ClusterMessage(ClusterMessageType.FetchSocketsResponse, "xY", "/", new FetchSocketsResponseData("r", [socket])), "Zz");

        var decoded = ((FetchSocketsResponseData)Decoded(codec.Decode(encoded.Channel, encoded.Payload)).Data!).Sockets.Single();

        codec.EncodeResponse(new ClusterMessage(ClusterMessageType.FetchSocketsResponse, "xY", "/", new FetchSocketsResponseData("r", [decoded])), "Zz")
            .Payload.ToArray().Should().Equal(encoded.Payload.ToArray());
    }

    [Fact]
    public void Legacy_requests_are_recognised()
    {
        var codec = Codec();

        codec.Decode("socket.io-request#/#", Utf8("""{"uid":"xY","requestId":"r","type":0,"rooms":["a"]}"""))
            .Should().BeEquivalentTo(new ClassicSocketsRequest("xY", "r", new HashSet<string> { "a" }));
        codec.Decode("socket.io-request#/#", Utf8("""{"uid":"xY","requestId":"r","type":1}"""))
            .Should().Be(new ClassicAllRoomsRequest("xY", "r"));
        codec.Decode("socket.io-request#/#", Utf8("""{"uid":"xY","requestId":"r","type":2,"sid":"s","room":"a"}"""))
            .Should().Be(new ClassicSocketRequest(ClassicRequestType.RemoteJoin, "xY", "r", "s", "a", false));
        codec.Decode("socket.io-request#/#", Utf8("""{"requestId":"r","type":3,"sid":"s","room":9}"""))
            .Should().Be(new ClassicSocketRequest(ClassicRequestType.RemoteLeave, string.Empty, "r", "s", "9", false));
        codec.Decode("socket.io-request#/#", Utf8("""{"requestId":"r","type":4,"sid":"s","close":true}"""))
            .Should().Be(new ClassicSocketRequest(ClassicRequestType.RemoteDisconnect, string.Empty, "r", "s", null, true));
    }

    [Fact]
    public void Every_message_type_reads_back_as_written()
    {
        var codec = Codec();
        var options = new BroadcastOptions(new HashSet<string> { "a" }, new HashSet<string> { "b" });
        var messages = new ClusterMessage[]
        {
            new(ClusterMessageType.Broadcast, "xY", "/", new BroadcastData(new BroadcastPacket("e", [1, "x"]), options)),
            new(ClusterMessageType.Broadcast, "xY", "/", new BroadcastData(new BroadcastPacket("e", []), options, "r1")),
            new(ClusterMessageType.SocketsJoin, "xY", "/", new SocketsRoomsData(options, ["c"])),
            new(ClusterMessageType.SocketsLeave, "xY", "/", new SocketsRoomsData(options, ["c"])),
            new(ClusterMessageType.DisconnectSockets, "xY", "/", new DisconnectSocketsData(options, true)),
            new(ClusterMessageType.FetchSockets, "xY", "/", new FetchSocketsData(options, "r2")),
            new(ClusterMessageType.ServerSideEmit, "xY", "/", new ServerSideEmitData(["e", 1], "r3")),
        };

        foreach (var message in messages)
        {
            var encoded = codec.Encode(message);
            var decoded = Decoded(codec.Decode(encoded.Channel, encoded.Payload));
            decoded.Type.Should().Be(message.Type);
            decoded.Uid.Should().Be("xY");
            codec.Encode(decoded).Payload.ToArray().Should().Equal(encoded.Payload.ToArray(), $"{message.Type} reads back as written");
        }
    }

    private static byte[] Encode(object? tree)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        ClassicCodecFixture.MessagePack.Encode(output, tree);
        return output.WrittenSpan.ToArray();
    }

    private static Dictionary<string, object?> Map(params (string Key, object? Value)[] entries)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }

        return map;
    }
}
