using System.Text.Json;
using SocketIo.Adapter.Redis.Tests.Sharded.Support;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Wire;

/// <summary>
/// Golden bytes from a real Node node (socket.io 4.8, <c>@socket.io/redis-adapter</c> 8.3 <c>createShardedAdapter</c>,
/// node-redis 4.7) next to a .NET node on the same Redis: for each operation, what Node publishes decodes to the
/// expected message and re-encodes to Node's exact bytes, and the .NET node publishes the same bytes on the same
/// channel for the same operation (uids, request ids and socket ids aside). Each node also acts on the other's
/// messages as its own kind would.
/// </summary>
public sealed class ShardedNodeGoldenTests : ShardedClusterTestBase
{
    public static TheoryData<RedisSubscriptionMode> Modes => Sharded.ShardedBroadcastTests.Modes;

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Broadcasts_are_published_byte_for_byte_as_node_publishes_them(RedisSubscriptionMode mode)
    {
        var pair = await NodeAndDotNetPair.StartAsync(this, mode);
        var io = pair.DotNet.Io;

        var toRoom = await BothAsync(
            pair,
            ClusterMessageType.Broadcast,
            new { target = new { to = new[] { "room1" } }, @event = "ev", args = new object[] { "a", 1, new { x = true } } },
            () => io.To("room1").EmitAsync("ev", ["a", 1, new { x = true }]));
        var broadcast = (BroadcastData)toRoom.Data!;
        broadcast.Packet.EventName.Should().Be("ev");
        broadcast.Packet.Arguments.Select(a => ((JsonElement)a!).GetRawText()).Should().Equal("\"a\"", "1", "{\"x\":true}");
        broadcast.Options.Rooms.Should().Equal("room1");
        broadcast.Options.Except.Should().BeEmpty();
        broadcast.Options.Flags.Should().Be(default(BroadcastFlags));
        broadcast.RequestId.Should().BeNull();

        var toRooms = (BroadcastData)(await BothAsync(
            pair,
            ClusterMessageType.Broadcast,
            new { target = new { to = new[] { "room1", "room2" } }, @event = "ev", args = new object[] { "b" } },
            () => io.To(["room1", "room2"]).EmitAsync("ev", ["b"]))).Data!;
        toRooms.Options.Rooms.Should().Equal("room1", "room2");

        var except = (BroadcastData)(await BothAsync(
            pair,
            ClusterMessageType.Broadcast,
            new { target = new { except = new[] { "room2" } }, @event = "ev", args = new object[] { "c" } },
            () => io.Except("room2").EmitAsync("ev", ["c"]))).Data!;
        except.Options.Rooms.Should().BeEmpty();
        except.Options.Except.Should().Equal("room2");

        var isVolatile = (BroadcastData)(await BothAsync(
            pair,
            ClusterMessageType.Broadcast,
            new { target = new { @volatile = true }, @event = "ev", args = new object[] { "d" } },
            () => io.Volatile.EmitAsync("ev", ["d"]))).Data!;
        isVolatile.Options.Flags.Should().Be(new BroadcastFlags { Volatile = true });

        var uncompressed = (BroadcastData)(await BothAsync(
            pair,
            ClusterMessageType.Broadcast,
            new { target = new { compress = false }, @event = "ev", args = new object[] { "e" } },
            () => io.Compress(false).EmitAsync("ev", ["e"]))).Data!;
        uncompressed.Options.Flags.Should().Be(new BroadcastFlags { Compress = false });

        var toSocket = (BroadcastData)(await BothAsync(
            pair,
            ClusterMessageType.Broadcast,
            new { target = new { to = new[] { pair.NodeSocketIds[1] } }, @event = "ev", args = new object[] { "f" } },
            () => io.To(pair.DotNetSocketIds[1]).EmitAsync("ev", ["f"]))).Data!;
        toSocket.Options.Rooms.Should().Equal(pair.NodeSocketIds[1]);

        // Node's clients got each event twice, from their own node and from .NET's message, except the one sent to a
        // socket of each side; nobody is outside room2, so nobody got "c" (volatile "d" may be dropped by design).
        await io.EmitAsync("end");
        await pair.Node.SendAsync("emit", new { target = new { }, @event = "end" });
        for (var client = 0; client < 2; client++)
        {
            var index = client;
            await pair.Node.WaitForEventsAsync(e => IsClientEvent(e, index, "end", null), 2, $"client {index} got both ends");
        }

        foreach (var (client, text, count) in new[] { (0, "a", 2), (0, "b", 2), (1, "b", 2), (0, "c", 0), (1, "c", 0), (0, "e", 2), (1, "e", 2), (0, "f", 0), (1, "f", 1) })
        {
            await pair.Node.WaitForEventsAsync(e => IsClientEvent(e, client, "ev", text), count, $"client {client} got ev {text}");
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Binary_broadcasts_and_server_side_emits_are_the_same_messagepack(RedisSubscriptionMode mode)
    {
        var pair = await NodeAndDotNetPair.StartAsync(this, mode);
        var io = pair.DotNet.Io;

        var binary = (BroadcastData)(await BothAsync(
            pair,
            ClusterMessageType.Broadcast,
            new { target = new { }, @event = "bin", args = new object[] { Binary("AQID"), new { nested = Binary("BA==") } } },
            () => io.EmitAsync("bin", [new byte[] { 1, 2, 3 }, new Dictionary<string, object?> { ["nested"] = new byte[] { 4 } }]),
            expectMessagePack: true)).Data!;
        binary.Packet.Arguments[0].Should().BeOfType<byte[]>().Which.Should().Equal(1, 2, 3);

        var emit = (ServerSideEmitData)(await BothAsync(
            pair,
            ClusterMessageType.ServerSideEmit,
            "serverSideEmit",
            new { args = new object[] { "bin", Binary("CQk=") } },
            () => io.ServerSideEmitAsync("bin", [new byte[] { 9, 9 }]),
            expectMessagePack: true)).Data!;
        emit.Arguments[0].Should().Be("bin");
        emit.RequestId.Should().BeNull();

        // Each node understood the other's binary: every client got the event from both nodes.
        for (var client = 0; client < 2; client++)
        {
            var index = client;
            await pair.Node.WaitForEventsAsync(
                e => IsClientEvent(e, index, "bin", null)
                    && e.GetProperty("args")[0].GetProperty("$binary").GetString() == "AQID"
                    && e.GetProperty("args")[1].GetProperty("nested").GetProperty("$binary").GetString() == "BA==",
                2,
                $"client {index} got bin from both nodes");
        }

        await pair.Node.WaitForEventsAsync(
            e => e.GetProperty("event").GetString() == "serverSideEmit" && e.GetProperty("args")[0].GetProperty("$binary").GetString() == "CQk=",
            1,
            "Node heard .NET's binary server-side emit");
        await Eventually.TrueAsync(() => pair.DotNetServerSideEmits.Contains("bin 0909"));
        await Eventually.TrueAsync(() => pair.DotNetClientEvents.Count(e => e.EndsWith(":bin", StringComparison.Ordinal)) == 4);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Room_operations_and_server_side_emits_are_published_as_node_publishes_them(RedisSubscriptionMode mode)
    {
        var pair = await NodeAndDotNetPair.StartAsync(this, mode);
        var io = pair.DotNet.Io;

        var join = (SocketsRoomsData)(await BothAsync(
            pair,
            ClusterMessageType.SocketsJoin,
            "socketsJoin",
            new { target = new { to = new[] { "room1" } }, rooms = new[] { "room3" } },
            () => io.In("room1").SocketsJoinAsync(["room3"]))).Data!;
        join.Options.Rooms.Should().Equal("room1");
        join.Rooms.Should().Equal("room3");
        await Eventually.TrueAsync(() => io.Sockets.Sockets[pair.DotNetSocketIds[0]].Rooms.Contains("room3"));
        await WaitForNodeAsync(pair, "fetchSockets", new { target = new { to = new[] { "room3" } } }, reply =>
            reply.GetProperty("sockets").EnumerateArray().Select(s => s.GetProperty("id").GetString()).Order().SequenceEqual(new[] { pair.NodeSocketIds[0], pair.DotNetSocketIds[0] }.Order()));

        var leave = (SocketsRoomsData)(await BothAsync(
            pair,
            ClusterMessageType.SocketsLeave,
            "socketsLeave",
            new { target = new { to = new[] { "room3" } }, rooms = new[] { "room3" } },
            () => io.In("room3").SocketsLeaveAsync(["room3"]))).Data!;
        leave.Rooms.Should().Equal("room3");

        var disconnect = (DisconnectSocketsData)(await BothAsync(
            pair,
            ClusterMessageType.DisconnectSockets,
            "disconnectSockets",
            new { target = new { to = new[] { "nobody" } }, close = true },
            () => io.In("nobody").DisconnectSocketsAsync(close: true))).Data!;
        disconnect.Close.Should().BeTrue();
        disconnect.Options.Rooms.Should().Equal("nobody");

        var emit = (ServerSideEmitData)(await BothAsync(
            pair,
            ClusterMessageType.ServerSideEmit,
            "serverSideEmit",
            new { args = new object[] { "hello", "world", 1 } },
            () => io.ServerSideEmitAsync("hello", ["world", 1]))).Data!;
        emit.Arguments[0].Should().Be("hello");
        emit.Arguments.Skip(1).Select(a => ((JsonElement)a!).GetRawText()).Should().Equal("\"world\"", "1");
        await pair.Node.WaitForEventsAsync(
            e => e.GetProperty("event").GetString() == "serverSideEmit" && e.GetProperty("name").GetString() == "hello" && e.GetProperty("args").GetRawText() == """["world",1]""",
            1,
            "Node heard .NET's hello");
        await Eventually.TrueAsync(() => pair.DotNetServerSideEmits.Contains("hello \"world\" 1"));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Requests_and_their_answers_are_published_as_node_publishes_them(RedisSubscriptionMode mode)
    {
        var pair = await NodeAndDotNetPair.StartAsync(this, mode);
        var io = pair.DotNet.Io;

        // Server-side emit with acknowledgement: each node asks, the other answers {pong: [1]}.
        var nodeAsking = pair.Node.SendAsync("serverSideEmitWithAck", new { args = new object[] { "ping", 1 } });
        var nodeRequest = await pair.FromNodeAsync(ClusterMessageType.ServerSideEmit);
        var dotnetAnswer = await pair.FromDotNetAsync(ClusterMessageType.ServerSideEmitResponse);
        var nodeResponses = (await nodeAsking).GetProperty("responses");
        var dotnetAsking = io.ServerSideEmitWithAckAsync("ping", [1]);
        var dotnetRequest = await pair.FromDotNetAsync(ClusterMessageType.ServerSideEmit);
        var nodeAnswer = await pair.FromNodeAsync(ClusterMessageType.ServerSideEmitResponse);
        var dotnetResponses = await dotnetAsking;
        var request = (ServerSideEmitData)NodeAndDotNetPair.DecodeAndRoundTrip(nodeRequest).Data!;
        var dotnetRequestId = ((ServerSideEmitData)Decode(dotnetRequest).Data!).RequestId!;
        pair.ShouldBeTheSame(nodeRequest, dotnetRequest, (request.RequestId!, dotnetRequestId));
        var answer = (ServerSideEmitResponseData)NodeAndDotNetPair.DecodeAndRoundTrip(nodeAnswer).Data!;
        answer.RequestId.Should().Be(dotnetRequestId);

        // An answer carries the other side's request id.
        pair.ShouldBeTheSame(nodeAnswer, dotnetAnswer, (dotnetRequestId, request.RequestId!));
        nodeResponses.GetRawText().Should().Be("""[{"pong":[1]}]""");
        dotnetResponses.Select(r => ((JsonElement)r!).GetRawText()).Should().Equal("""{"pong":[1]}""");

        // Broadcast with acknowledgements: a request, then from the other node a client count and one ack per client.
        nodeAsking = pair.Node.SendAsync("emitWithAck", new { target = new { timeout = 5000 }, @event = "ask", args = new object[] { 1 } });
        var nodeBroadcast = await pair.FromNodeAsync(ClusterMessageType.Broadcast);
        var dotnetCount = await pair.FromDotNetAsync(ClusterMessageType.BroadcastClientCount);
        var dotnetAcks = new[] { await pair.FromDotNetAsync(ClusterMessageType.BroadcastAck), await pair.FromDotNetAsync(ClusterMessageType.BroadcastAck) };
        nodeResponses = (await nodeAsking).GetProperty("responses");
        var dotnetBroadcasting = io.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("ask", [1]);
        var dotnetBroadcast = await pair.FromDotNetAsync(ClusterMessageType.Broadcast);
        var nodeCount = await pair.FromNodeAsync(ClusterMessageType.BroadcastClientCount);
        var nodeAcks = new[] { await pair.FromNodeAsync(ClusterMessageType.BroadcastAck), await pair.FromNodeAsync(ClusterMessageType.BroadcastAck) };
        dotnetResponses = await dotnetBroadcasting;
        var withAck = (BroadcastData)NodeAndDotNetPair.DecodeAndRoundTrip(nodeBroadcast).Data!;
        withAck.Options.Flags.Should().Be(new BroadcastFlags { Timeout = TimeSpan.FromSeconds(5) });
        var ids = (withAck.RequestId!, ((BroadcastData)Decode(dotnetBroadcast).Data!).RequestId!);
        pair.ShouldBeTheSame(nodeBroadcast, dotnetBroadcast, ids);
        var answerIds = (ids.Item2, ids.Item1);
        ((BroadcastClientCountData)NodeAndDotNetPair.DecodeAndRoundTrip(nodeCount).Data!).ClientCount.Should().Be(2);
        pair.ShouldBeTheSame(nodeCount, dotnetCount, answerIds);
        nodeAcks = [.. nodeAcks.OrderBy(a => NodeAndDotNetPair.Show(a.Payload), StringComparer.Ordinal)];
        dotnetAcks = [.. dotnetAcks.OrderBy(a => NodeAndDotNetPair.Show(a.Payload), StringComparer.Ordinal)];
        for (var i = 0; i < 2; i++)
        {
            NodeAndDotNetPair.DecodeAndRoundTrip(nodeAcks[i]);
            pair.ShouldBeTheSame(nodeAcks[i], dotnetAcks[i], answerIds);
        }

        nodeResponses.EnumerateArray().Select(r => r.GetString()).Should().BeEquivalentTo("ack-0", "ack-1", "ack-0", "ack-1");
        dotnetResponses.Select(r => ((JsonElement)r!).GetString()).Should().BeEquivalentTo("ack-0", "ack-1", "ack-0", "ack-1");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Fetched_sockets_are_described_as_node_describes_them(RedisSubscriptionMode mode)
    {
        var pair = await NodeAndDotNetPair.StartAsync(this, mode);
        var io = pair.DotNet.Io;

        var nodeFetching = pair.Node.SendAsync("fetchSockets", new { target = new { to = new[] { "room2" } } });
        var nodeRequest = await pair.FromNodeAsync(ClusterMessageType.FetchSockets);
        var dotnetAnswer = await pair.FromDotNetAsync(ClusterMessageType.FetchSocketsResponse);
        var nodeFound = (await nodeFetching).GetProperty("sockets");
        var dotnetFetching = io.In("room2").FetchSocketsAsync();
        var dotnetRequest = await pair.FromDotNetAsync(ClusterMessageType.FetchSockets);
        var nodeAnswer = await pair.FromNodeAsync(ClusterMessageType.FetchSocketsResponse);
        var dotnetFound = await dotnetFetching;

        var request = (FetchSocketsData)NodeAndDotNetPair.DecodeAndRoundTrip(nodeRequest).Data!;
        request.Options.Rooms.Should().Equal("room2");
        pair.ShouldBeTheSame(nodeRequest, dotnetRequest, (request.RequestId, ((FetchSocketsData)Decode(dotnetRequest).Data!).RequestId));

        // Node's description of its sockets reads back field for field, and ours has the same shape.
        var answer = (FetchSocketsResponseData)Decode(nodeAnswer).Data!;
        answer.Sockets.Select(s => s.Id).Should().BeEquivalentTo(pair.NodeSocketIds);
        var nodeSocket = answer.Sockets.Single(s => s.Id == pair.NodeSocketIds[0]);
        nodeSocket.Rooms.Should().BeEquivalentTo(pair.NodeSocketIds[0], "room1", "room2");
        ((JsonElement)nodeSocket.Data["name"]!).GetString().Should().Be("node-0");
        nodeSocket.Handshake.Headers["host"].ToString().Should().StartWith("127.0.0.1:");
        nodeSocket.Handshake.Query["EIO"].ToString().Should().Be("4");
        nodeSocket.Handshake.Query["transport"].ToString().Should().Be("websocket");
        nodeSocket.Handshake.Url.Should().StartWith("/socket.io/?EIO=4");
        nodeSocket.Handshake.Address.Should().Contain("127.0.0.1");
        nodeSocket.Handshake.Auth.GetProperty("index").GetInt32().Should().Be(0);
        (DateTimeOffset.UtcNow - nodeSocket.Handshake.Issued).Should().BeLessThan(TimeSpan.FromMinutes(1));
        using var nodeJson = JsonDocument.Parse(nodeAnswer.Payload);
        using var dotnetJson = JsonDocument.Parse(dotnetAnswer.Payload);
        Shape(dotnetJson.RootElement).Should().Be(Shape(nodeJson.RootElement));

        // Each side got the other's sockets with the handshake's fields and types.
        dotnetFound.Select(s => s.Id).Should().BeEquivalentTo(pair.NodeSocketIds.Concat(pair.DotNetSocketIds));
        var found = nodeFound.EnumerateArray().Single(s => s.GetProperty("id").GetString() == pair.DotNetSocketIds[0]);
        found.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()).Should().BeEquivalentTo(pair.DotNetSocketIds[0], "room1", "room2");
        found.GetProperty("data").EnumerateObject().Select(p => p.Name + "=" + p.Value.GetRawText()).Should().BeEquivalentTo("name=\"node-0\"", "n=0");
        var handshake = found.GetProperty("handshake");
        handshake.EnumerateObject().Select(p => p.Name).Should().Equal("headers", "time", "address", "xdomain", "secure", "issued", "url", "query", "auth");
        handshake.GetProperty("headers").GetProperty("host").GetString().Should().StartWith("127.0.0.1:");
        handshake.GetProperty("issued").ValueKind.Should().Be(JsonValueKind.Number);
        handshake.GetProperty("auth").GetProperty("index").GetInt32().Should().Be(0);
        handshake.GetProperty("query").GetProperty("EIO").GetString().Should().Be("4");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_numeric_room_from_node_addresses_the_room_named_by_its_decimal_text(RedisSubscriptionMode mode)
    {
        var pair = await NodeAndDotNetPair.StartAsync(this, mode);
        pair.DotNet.Io.Sockets.Sockets[pair.DotNetSocketIds[1]].Join("123");
        var channel = pair.DotNet.Adapter().Channels.Room("123");
        if (mode != RedisSubscriptionMode.Static)
        {
            var watcher = await StartRedisClientAsync();
            await AsyncEventually.TrueAsync(
                async () => (await watcher.ExecuteAsync("PUBSUB", "SHARDNUMSUB", channel))[1].Integer == 1,
                channel + " is subscribed");
        }

        await pair.Node.SendAsync("emit", new { target = new { to = new object[] { 123 } }, @event = "num", args = new object[] { 1 } });

        var published = await pair.FromNodeAsync(ClusterMessageType.Broadcast);
        published.Channel.Should().Be(mode == RedisSubscriptionMode.Static ? pair.DotNet.Adapter().Channels.Main : channel);
        NodeAndDotNetPair.Show(published.Payload).Should().Contain("\"rooms\":[123]");
        ((BroadcastData)Decode(published).Data!).Options.Rooms.Should().Equal("123");
        await Eventually.TrueAsync(() => pair.DotNetClientEvents.Contains("1:num"));
        pair.DotNetClientEvents.Should().NotContain("0:num");
    }

    private static bool IsClientEvent(JsonElement reported, int client, string name, string? firstArgument) =>
        reported.GetProperty("event").GetString() == "client"
        && reported.GetProperty("client").GetInt32() == client
        && reported.GetProperty("name").GetString() == name
        && (firstArgument is null || reported.GetProperty("args")[0].GetString() == firstArgument);

    /// <summary>
    /// Where values are free (ids, times, addresses, headers), only the structure: names in order and value kinds.
    /// Socket data keys are compared as a set: .NET keeps socket data in a concurrent dictionary, which has no order.
    /// </summary>
    private static string Shape(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object when element.TryGetProperty("name", out _) && element.TryGetProperty("n", out _) =>
            "{" + string.Join(",", element.EnumerateObject().Select(p => p.Name + ":" + Shape(p.Value)).Order(StringComparer.Ordinal)) + "}",
        JsonValueKind.Object when element.TryGetProperty("headers", out _) => "{handshake:" + string.Join(",", element.EnumerateObject().Select(p => p.Name + ":" + p.Value.ValueKind)) + "}",
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().Select(p => p.Name + ":" + Shape(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(Shape).Order(StringComparer.Ordinal)) + "]",
        _ => element.ValueKind.ToString(),
    };

    /// <summary>A Buffer in a command to the Node node (tagged as in tagged-values.mjs).</summary>
    private static Dictionary<string, string> Binary(string base64) => new() { ["$binary"] = base64 };

    private static ClusterMessage Decode(PublishedMessage published) =>
        ShardedMessageCodecTests.Codec.Decode(published.Payload, out _) ?? throw new InvalidOperationException("undecodable: " + NodeAndDotNetPair.Show(published.Payload));

    private static async Task WaitForNodeAsync(NodeAndDotNetPair pair, string op, object arguments, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition(await pair.Node.SendAsync(op, arguments)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"node's {op} never satisfied the condition");
            }
        }
    }

    private static Task<ClusterMessage> BothAsync(NodeAndDotNetPair pair, ClusterMessageType type, object nodeArguments, Func<Task> dotnet, bool expectMessagePack = false) =>
        BothAsync(pair, type, "emit", nodeArguments, dotnet, expectMessagePack);

    /// <summary>
    /// Has Node do an operation and .NET the same one; checks that Node's message round-trips through our codec and
    /// that .NET's is the same; returns Node's message decoded.
    /// </summary>
    private static async Task<ClusterMessage> BothAsync(
        NodeAndDotNetPair pair,
        ClusterMessageType type,
        string op,
        object nodeArguments,
        Func<Task> dotnet,
        bool expectMessagePack = false)
    {
        await pair.Node.SendAsync(op, nodeArguments);
        var fromNode = await pair.FromNodeAsync(type);
        await dotnet();
        var fromDotNet = await pair.FromDotNetAsync(type);
        (fromNode.Payload[0] != (byte)'{').Should().Be(expectMessagePack, NodeAndDotNetPair.Show(fromNode.Payload));
        var message = NodeAndDotNetPair.DecodeAndRoundTrip(fromNode);
        pair.ShouldBeTheSame(fromNode, fromDotNet);
        return message;
    }
}
