using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Adapter.Redis.Tests.Wire.Support;
using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;
using static SocketIo.Adapter.Redis.Tests.Wire.ClassicCodecFixture;

namespace SocketIo.Adapter.Redis.Tests.Wire;

/// <summary>
/// What real Node nodes publish for each operation (captured from Redis) decodes to the expected message, and what a
/// .NET node sends for the same operation is the same bytes on the same channel.
/// </summary>
public sealed class ClassicNodeGoldenTests(ClassicNodeCapture capture) : IClassFixture<ClassicNodeCapture>
{
    private readonly CaptureRun _run = capture.Shared;

    [Fact]
    public void A_broadcast_to_one_room()
    {
        var message = Single("broadcastToRoom", "socket.io#/#lobby#");

        var data = Broadcast(message, _run.UidA);
        data.Packet.EventName.Should().Be("chat");
        ((JsonElement)data.Packet.Arguments[0]!).GetString().Should().Be("hi");
        ((JsonElement)data.Packet.Arguments[1]!).GetDouble().Should().Be(1.5);
        data.Packet.Arguments[2].Should().BeEquivalentTo(new byte[] { 1, 2 });
        data.Options.Rooms.Should().Equal("lobby");
        SameAsDotNet(message, BroadcastMessage(new BroadcastPacket("chat", ["hi", 1.5, new byte[] { 1, 2 }]), new BroadcastOptions(Rooms("lobby"))));
    }

    [Fact]
    public void A_volatile_broadcast_except_a_room()
    {
        var message = Single("broadcastExceptVolatile", "socket.io#/#");

        var data = Broadcast(message, _run.UidA);
        ((JsonElement)data.Packet.Arguments[0]!).GetRawText().Should().Be("""{"a":1}""");
        data.Options.Rooms.Should().BeEmpty();
        data.Options.Except.Should().Equal("quiet");
        data.Options.Flags.Should().Be(new BroadcastFlags { Volatile = true });
        SameAsDotNet(message, BroadcastMessage(new BroadcastPacket("news", [new { a = 1 }]), new BroadcastOptions(except: Rooms("quiet"), flags: new BroadcastFlags { Volatile = true })));
    }

    [Fact]
    public void An_uncompressed_broadcast_to_several_rooms()
    {
        var message = Single("broadcastToRoomsUncompressed", "socket.io#/#");

        var data = Broadcast(message, _run.UidA);
        data.Options.Rooms.Should().Equal("r1", "r2");
        data.Options.Flags.Should().Be(new BroadcastFlags { Compress = false });
        SameAsDotNet(message, BroadcastMessage(new BroadcastPacket("multi", ["x"]), new BroadcastOptions(Rooms("r1", "r2"), flags: new BroadcastFlags { Compress = false })));
    }

    [Fact]
    public void A_broadcast_to_a_numeric_room_names_the_room_by_its_decimal_string()
    {
        // Node writes the room as the integer 123; .NET rooms are strings, so a .NET node writes "123" (Node's
        // channel-name check accepts both): only the decoding is compared.
        var message = Single("broadcastToNumericRoom", "socket.io#/#123#");

        Broadcast(message, _run.UidA).Options.Rooms.Should().Equal("123");
    }

    [Fact]
    public void A_broadcast_with_binary_arguments()
    {
        var message = Single("broadcastBinary", "socket.io#/#");

        var data = Broadcast(message, _run.UidA);
        data.Packet.Arguments[0].Should().BeEquivalentTo(new byte[] { 1, 2, 3 });
        ((JsonNode)data.Packet.Arguments[1]!)["nested"]!.GetValue<byte[]>().Should().Equal(4);
        SameAsDotNet(message, BroadcastMessage(new BroadcastPacket("bin", [new byte[] { 1, 2, 3 }, new Dictionary<string, object?> { ["nested"] = new byte[] { 4 } }]), BroadcastOptions.All));
    }

    [Fact]
    public void Sockets_join_and_leave()
    {
        var join = Single("socketsJoin", "socket.io-request#/#");
        var leave = Single("socketsLeave", "socket.io-request#/#");

        var joined = Decode(join);
        joined.Type.Should().Be(ClusterMessageType.SocketsJoin);
        joined.Uid.Should().Be(_run.UidA);
        ((SocketsRoomsData)joined.Data!).Rooms.Should().Equal("room2");
        Decode(leave).Type.Should().Be(ClusterMessageType.SocketsLeave);
        var options = new BroadcastOptions(Rooms("lobby"));
        SameAsDotNet(join, new ClusterMessage(ClusterMessageType.SocketsJoin, _run.UidA, "/", new SocketsRoomsData(options, ["room2"])));
        SameAsDotNet(leave, new ClusterMessage(ClusterMessageType.SocketsLeave, _run.UidA, "/", new SocketsRoomsData(options, ["room2"])));
    }

    [Fact]
    public void Fetch_sockets_request_and_answer_with_nodes_handshake()
    {
        var messages = _run.Of("fetchSockets");
        messages.Select(m => m.Channel).Should().Equal("socket.io-request#/#", "socket.io-response#/#");

        var request = Decode(messages[0]);
        var requestId = ((FetchSocketsData)request.Data!).RequestId;
        SameAsDotNet(messages[0], new ClusterMessage(ClusterMessageType.FetchSockets, _run.UidA, "/", new FetchSocketsData(new BroadcastOptions(Rooms("lobby")), requestId)));

        var answer = (FetchSocketsResponseData)Decode(messages[1]).Data!;
        answer.RequestId.Should().Be(requestId);
        var socket = answer.Sockets.Should().ContainSingle().Subject;
        var expected = _run.Summary.GetProperty("results").GetProperty("fetchSockets")[0];
        socket.Id.Should().Be(_run.SocketId);
        socket.Rooms.Should().Equal(_run.SocketId, "lobby");
        ((JsonElement)socket.Data["name"]!).GetString().Should().Be("b");
        var handshake = expected.GetProperty("handshake");
        socket.Handshake.Address.Should().Be(handshake.GetProperty("address").GetString());
        socket.Handshake.Url.Should().Be(handshake.GetProperty("url").GetString());
        socket.Handshake.Issued.ToUnixTimeMilliseconds().Should().Be(handshake.GetProperty("issued").GetInt64());
        socket.Handshake.Time.Should().Be(handshake.GetProperty("time").GetString(), "with TZ=UTC Node prints the time as .NET does");
        socket.Handshake.Query["transport"].ToString().Should().Be("websocket");
        socket.Handshake.Headers["Host"].ToString().Should().Be(handshake.GetProperty("headers").GetProperty("host").GetString());
        socket.Handshake.Auth.GetProperty("token").GetString().Should().Be("t");

        // A .NET node describing the same socket writes Node's bytes.
        SameAsDotNetAnswer(messages[1], new ClusterMessage(ClusterMessageType.FetchSocketsResponse, _run.UidB, "/", new FetchSocketsResponseData(requestId, [socket])), _run.UidA);
    }

    [Fact]
    public void Server_side_emit()
    {
        var message = Single("serverSideEmit", "socket.io-request#/#");

        var emit = (ServerSideEmitData)Decode(message).Data!;
        emit.RequestId.Should().BeNull();
        emit.Arguments[0].Should().Be("hello");
        SameAsDotNet(message, new ClusterMessage(ClusterMessageType.ServerSideEmit, _run.UidA, "/", new ServerSideEmitData(["hello", "world", 42])));
    }

    [Fact]
    public void Server_side_emit_with_ack_and_its_answer_on_the_shared_channel()
    {
        var messages = _run.Of("serverSideEmitWithAck");
        messages.Select(m => m.Channel).Should().Equal("socket.io-request#/#", "socket.io-response#/#");

        var requestId = ((ServerSideEmitData)Decode(messages[0]).Data!).RequestId!;
        SameAsDotNet(messages[0], new ClusterMessage(ClusterMessageType.ServerSideEmit, _run.UidA, "/", new ServerSideEmitData(["count", 10], requestId)));
        var answer = (ServerSideEmitResponseData)Decode(messages[1]).Data!;
        ((JsonElement)answer.Value!).GetInt32().Should().Be(11);
        SameAsDotNetAnswer(messages[1], new ClusterMessage(ClusterMessageType.ServerSideEmitResponse, _run.UidB, "/", new ServerSideEmitResponseData(requestId, 11)), _run.UidA);
    }

    [Fact]
    public void A_broadcast_with_acks_its_client_count_and_the_acknowledgement()
    {
        var messages = _run.Of("emitWithAck");
        messages.Select(m => m.Channel).Should().Equal("socket.io-request#/#", "socket.io-response#/#", "socket.io-response#/#");

        var request = (BroadcastData)Decode(messages[0]).Data!;
        request.Options.Flags.Should().Be(new BroadcastFlags { Timeout = TimeSpan.FromSeconds(2) });
        var requestId = request.RequestId!;
        SameAsDotNet(messages[0], new ClusterMessage(
            ClusterMessageType.Broadcast,
            _run.UidA,
            "/",
            new BroadcastData(new BroadcastPacket("ping", ["x"]), new BroadcastOptions(flags: new BroadcastFlags { Timeout = TimeSpan.FromSeconds(2) }), requestId)));
        ((BroadcastClientCountData)Decode(messages[1]).Data!).Should().Be(new BroadcastClientCountData(requestId, 1));
        ((JsonElement)((BroadcastAckData)Decode(messages[2]).Data!).Value!).GetString().Should().Be("pong x");
        SameAsDotNetAnswer(messages[1], new ClusterMessage(ClusterMessageType.BroadcastClientCount, _run.UidB, "/", new BroadcastClientCountData(requestId, 1)), _run.UidA);
        SameAsDotNetAnswer(messages[2], new ClusterMessage(ClusterMessageType.BroadcastAck, _run.UidB, "/", new BroadcastAckData(requestId, "pong x")), _run.UidA);
    }

    [Fact]
    public void A_remote_socket_emit_with_ack_expects_a_single_response()
    {
        var messages = _run.Of("remoteEmitWithAck");

        var request = (BroadcastData)Decode(messages[0]).Data!;
        request.Options.Rooms.Should().Equal(_run.SocketId);
        request.Options.Flags.Should().Be(new BroadcastFlags { ExpectSingleResponse = true, Timeout = TimeSpan.FromMilliseconds(1500) });
        SameAsDotNet(messages[0], new ClusterMessage(
            ClusterMessageType.Broadcast,
            _run.UidA,
            "/",
            new BroadcastData(
                new BroadcastPacket("ping", ["y"]),
                new BroadcastOptions(Rooms(_run.SocketId), flags: new BroadcastFlags { ExpectSingleResponse = true, Timeout = TimeSpan.FromMilliseconds(1500) }),
                request.RequestId)));
    }

    [Fact]
    public void All_rooms_request_and_answer()
    {
        var messages = _run.Of("allRooms");
        messages.Select(m => m.Channel).Should().Equal("socket.io-request#/#", "socket.io-response#/#");

        var request = Codec().Decode(messages[0].Channel, messages[0].Payload).Should().BeOfType<ClassicAllRoomsRequest>().Subject;
        request.Uid.Should().Be(_run.UidA);
        var answer = Codec().Decode(messages[1].Channel, messages[1].Payload).Should().BeOfType<ClassicAllRoomsResponse>().Subject;
        answer.RequestId.Should().Be(request.RequestId);
        answer.Rooms.Should().Equal(_run.SocketId, "lobby");
        Bytes(Codec().EncodeAllRoomsRequest(_run.UidA, request.RequestId), messages[0]);
        Bytes(Codec().EncodeAllRoomsResponse(_run.UidA, request.RequestId, answer.Rooms), messages[1]);
    }

    [Fact]
    public void Disconnect_sockets()
    {
        var message = Single("disconnectSockets", "socket.io-request#/#");

        ((DisconnectSocketsData)Decode(message).Data!).Close.Should().BeTrue();
        SameAsDotNet(message, new ClusterMessage(ClusterMessageType.DisconnectSockets, _run.UidA, "/", new DisconnectSocketsData(new BroadcastOptions(Rooms("lobby")), Close: true)));
    }

    [Fact]
    public void A_node_with_publish_on_specific_response_channel_answers_on_the_requesters_channel_but_server_side_emits_on_the_shared_one()
    {
        var run = capture.Specific;
        var own = $"socket.io-response#/#{run.UidA}#";
        var specific = Codec(specific: true);

        run.Of("fetchSockets")[1].Channel.Should().Be(own);
        run.Of("allRooms")[1].Channel.Should().Be(own);
        run.Of("emitWithAck").Skip(1).Select(m => m.Channel).Should().Equal(own, own);
        run.Of("serverSideEmitWithAck")[1].Channel.Should().Be("socket.io-response#/#");

        // A .NET node with the option picks the same channels for the same answers.
        var count = run.Of("emitWithAck")[1];
        var countData = (BroadcastClientCountData)Decode(count).Data!;
        Bytes(specific.EncodeResponse(new ClusterMessage(ClusterMessageType.BroadcastClientCount, run.UidB, "/", countData), run.UidA), count);
        var answer = run.Of("serverSideEmitWithAck")[1];
        var answerData = (ServerSideEmitResponseData)Decode(answer).Data!;
        Bytes(specific.EncodeResponse(new ClusterMessage(ClusterMessageType.ServerSideEmitResponse, run.UidB, "/", new ServerSideEmitResponseData(answerData.RequestId, 11)), run.UidA), answer);
    }

    [Fact]
    public void Every_captured_message_decodes()
    {
        foreach (var run in new[] { capture.Shared, capture.Specific })
        {
            foreach (var (operation, messages) in run.Operations)
            {
                foreach (var message in messages)
                {
                    Codec().Decode(message.Channel, message.Payload).Should().NotBeOfType<ClassicDropped>($"{operation} on {message.Channel}");
                }
            }
        }
    }

    private static HashSet<string> Rooms(params string[] rooms) => new HashSet<string>(rooms, StringComparer.Ordinal);

    private static ClusterMessage Decode(ReceivedMessage message) => Decoded(Codec().Decode(message.Channel, message.Payload));

    private static BroadcastData Broadcast(ReceivedMessage message, string uid)
    {
        var decoded = Decode(message);
        decoded.Type.Should().Be(ClusterMessageType.Broadcast);
        decoded.Uid.Should().Be(uid);
        decoded.Namespace.Should().Be("/");
        return (BroadcastData)decoded.Data!;
    }

    private static void Bytes(ClassicOutbound ours, ReceivedMessage nodes)
    {
        ours.Channel.Should().Be(nodes.Channel);
        if (nodes.Payload[0] == (byte)'{')
        {
            Encoding.UTF8.GetString(ours.Payload.Span).Should().Be(nodes.Text);
        }
        else
        {
            Convert.ToHexString(ours.Payload.Span).Should().Be(Convert.ToHexString(nodes.Payload));
        }
    }

    private static void SameAsDotNet(ReceivedMessage nodes, ClusterMessage ours) => Bytes(Codec().Encode(ours), nodes);

    private static void SameAsDotNetAnswer(ReceivedMessage nodes, ClusterMessage ours, string requester) =>
        Bytes(Codec().EncodeResponse(ours, requester), nodes);

    private ReceivedMessage Single(string operation, string channel)
    {
        var message = _run.Of(operation).Should().ContainSingle().Subject;
        message.Channel.Should().Be(channel);
        return message;
    }

    private ClusterMessage BroadcastMessage(BroadcastPacket packet, BroadcastOptions options) =>
        new(ClusterMessageType.Broadcast, _run.UidA, "/", new BroadcastData(packet, options));
}
