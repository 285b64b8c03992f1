using System.Text.Json;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Sharded.Support;
using SocketIo.Server;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Sharded;

/// <summary>
/// Room operations, fetches, server-side emits, acknowledged broadcasts and the server count between .NET nodes over
/// a real Redis with sharded pub/sub, in every subscription mode.
/// </summary>
public sealed class ShardedRequestTests : ShardedClusterTestBase
{
    public static TheoryData<RedisSubscriptionMode> Modes => ShardedBroadcastTests.Modes;

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_server_count_is_the_number_of_nodes_of_the_namespace(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode);
        (await a.Io.Sockets.Adapter.GetServerCountAsync()).Should().Be(1);
        await StartNodeAsync(mode);
        await StartNodeAsync(mode);

        (await a.Io.Sockets.Adapter.GetServerCountAsync()).Should().Be(3);
        (await a.Io.Of("/other").Adapter.GetServerCountAsync()).Should().Be(1);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Sockets_join_and_leave_rooms_on_every_node(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode);
        var b = await StartNodeAsync(mode);
        var onA = await ConnectAsync(a);
        var onB = await ConnectAsync(b);

        await a.Io.SocketsJoinAsync("vip");

        a.Io.Sockets.Sockets[onA.Id].Rooms.Should().Contain("vip", "the sender applies its own request at once");
        await Eventually.TrueAsync(() => b.Io.Sockets.Sockets[onB.Id].Rooms.Contains("vip"));
        await WaitForRoomChannelsAsync(mode, a, b);
        await a.Io.To("vip").EmitAsync("for-vips");
        (await onB.NextEventAsync()).Name.Should().Be("for-vips");
        (await onA.NextEventAsync()).Name.Should().Be("for-vips");

        await b.Io.In(onA.Id).SocketsLeaveAsync("vip");

        await Eventually.TrueAsync(() => !a.Io.Sockets.Sockets[onA.Id].Rooms.Contains("vip"));
        b.Io.Sockets.Sockets[onB.Id].Rooms.Should().Contain("vip");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Sockets_are_disconnected_on_every_node(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode);
        var b = await StartNodeAsync(mode);
        var kept = await ConnectAsync(b);
        var dropped = await ConnectAsync(b);
        b.Io.Sockets.Sockets[dropped.Id].Join("leaving");
        await WaitForRoomChannelsAsync(mode, b);

        await a.Io.In("leaving").DisconnectSocketsAsync(close: true);

        await dropped.Disconnected.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => !b.Io.Sockets.Sockets.ContainsKey(dropped.Id));
        b.Io.Sockets.Sockets.Should().ContainKey(kept.Id);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Fetch_sockets_describes_the_sockets_of_every_node(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode, Describe("a"));
        var b = await StartNodeAsync(mode, Describe("b"));
        await StartNodeAsync(mode, Describe("c"));
        var onA = await ConnectAsync(a);
        var onB = await ConnectAsync(b);
        b.Io.Sockets.Sockets[onB.Id].Join("vip");

        var all = await a.Io.FetchSocketsAsync();
        var vip = await a.Io.In("vip").FetchSocketsAsync();

        all.Select(s => s.Id).Should().BeEquivalentTo(onA.Id, onB.Id);
        var fromB = all.Single(s => s.Id == onB.Id);
        fromB.Rooms.Should().BeEquivalentTo(onB.Id, "vip");
        ((JsonElement)fromB.Data["node"]!).GetString().Should().Be("b");
        fromB.Handshake.Query["EIO"].ToString().Should().Be("4");
        fromB.Handshake.Url.Should().StartWith("/socket.io/");
        fromB.Handshake.Headers.Should().ContainKey("host");
        fromB.Handshake.Address.Should().Be("127.0.0.1");
        var issued = b.Io.Sockets.Sockets[onB.Id].Handshake.Issued;
        fromB.Handshake.Issued.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(issued.ToUnixTimeMilliseconds()));
        vip.Select(s => s.Id).Should().Equal(onB.Id);
        a.Adapter().PendingRequestCount.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_remote_socket_can_be_emitted_to_acknowledged_and_moved_between_rooms(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode);
        var b = await StartNodeAsync(mode);
        var onB = await ConnectAsync(b);
        onB.AnswerAcks("who?", e => $"b got {e.Arguments[0]}");

        var remote = (await a.Io.FetchSocketsAsync()).Single(s => s.Id == onB.Id);
        var answer = await remote.EmitWithAckAsync("who?", TimeSpan.FromSeconds(10), ["you"]);
        await remote.JoinAsync(["vip"]);
        await remote.EmitAsync("done");

        ((JsonElement)answer!).GetString().Should().Be("b got you");
        (await onB.NextEventAsync()).Name.Should().Be("who?");
        (await onB.NextEventAsync()).Name.Should().Be("done");
        b.Io.Sockets.Sockets[onB.Id].Rooms.Should().Contain("vip");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_server_side_emit_reaches_the_listeners_of_the_other_nodes_only(RedisSubscriptionMode mode)
    {
        var heard = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var everyone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<SocketIoServer> listen(string name) => io => io.Sockets.On("hello", (string text, byte[] data) =>
        {
            heard.Enqueue($"{name}:{text}:{data.Length}");
            if (heard.Count == 2)
            {
                everyone.TrySetResult();
            }
        });
        var a = await StartNodeAsync(mode, listen("a"));
        await StartNodeAsync(mode, listen("b"));
        await StartNodeAsync(mode, listen("c"));

        await a.Io.ServerSideEmitAsync("hello", ["world", new byte[] { 1, 2 }]);

        await everyone.Task.WaitAsync(TimeSpan.FromSeconds(10));
        heard.Should().BeEquivalentTo("b:world:2", "c:world:2");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_server_side_emit_with_acks_collects_the_answer_of_every_other_node(RedisSubscriptionMode mode)
    {
        Action<SocketIoServer> answer(string name) => io => io.Sockets.On("ping", (int n) => new { node = name, n });
        var a = await StartNodeAsync(mode, answer("a"));
        await StartNodeAsync(mode, answer("b"));
        await StartNodeAsync(mode, answer("c"));

        var answers = await a.Io.ServerSideEmitWithAckAsync("ping", [7]);

        answers.Select(x => ((JsonElement)x!).GetProperty("node").GetString()).Should().BeEquivalentTo("b", "c");
        answers.Select(x => ((JsonElement)x!).GetProperty("n").GetInt32()).Should().Equal(7, 7);
        a.Adapter().PendingRequestCount.Should().Be(0);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_broadcast_with_acks_collects_the_answers_of_clients_on_every_node(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode);
        var b = await StartNodeAsync(mode);
        var c = await StartNodeAsync(mode);
        foreach (var (node, name) in new[] { (a, "a1"), (b, "b1"), (b, "b2"), (c, "c1") })
        {
            (await ConnectAsync(node)).AnswerAcks("ready?", _ => name);
        }

        var answers = await b.Io.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("ready?", ["x"]);

        answers.Select(x => ((JsonElement)x!).GetString()).Should().BeEquivalentTo("a1", "b1", "b2", "c1");
        await Eventually.TrueAsync(() => b.Adapter().PendingRequestCount == 0);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Binary_acknowledgements_of_a_broadcast_cross_nodes_intact(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode);
        var b = await StartNodeAsync(mode);
        await using var clients = new DotNetClients(b.Server.BaseUri);
        var client = await clients.ConnectAsync(DotNetClients.WebSocket);
        byte[]? asked = null;
        client.On("file?", response =>
        {
            asked = response.GetValue<byte[]>(0);
            _ = response.CallbackAsync(new byte[] { 5, 6, 255 });
        });
        await Eventually.TrueAsync(() => b.Io.Sockets.Sockets.Count == 1);

        var answers = await a.Io.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("file?", [new byte[] { 1, 2 }]);

        asked.Should().Equal(1, 2);
        answers.Should().ContainSingle().Which.Should().BeOfType<byte[]>().Which.Should().Equal(5, 6, 255);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_node_without_sockets_answers_every_request(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode, io => io.Sockets.On("ping", () => "a"));
        var empty = await StartNodeAsync(mode, io => io.Sockets.On("ping", () => "empty"));
        (await ConnectAsync(a)).AnswerAcks("ready?", _ => "client");
        var started = DateTime.UtcNow;

        var sockets = await a.Io.FetchSocketsAsync();
        var answers = await a.Io.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("ready?");
        var emitted = await a.Io.ServerSideEmitWithAckAsync("ping");
        var fromEmpty = await empty.Io.FetchSocketsAsync();

        sockets.Should().ContainSingle();
        fromEmpty.Should().ContainSingle();
        answers.Select(x => ((JsonElement)x!).GetString()).Should().Equal("client");
        emitted.Select(x => ((JsonElement)x!).GetString()).Should().Equal("empty");
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(5), "nothing waited for a timeout");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Requests_to_a_node_that_never_answers_time_out_with_the_node_error_text(RedisSubscriptionMode mode)
    {
        var a = await StartNodeAsync(mode, configure: o => o.RequestsTimeout = TimeSpan.FromMilliseconds(500));
        await StartNodeAsync(mode, io => io.Sockets.On("ping", () => "b"));
        (await ConnectAsync(a)).AnswerAcks("ready?", _ => "client");
        var dead = await StartRedisClientAsync();
        await dead.SubscribeAsync(new RedisChannel(a.Adapter().Channels.Main, RedisChannelKind.Sharded), (_, _) => { });

        var fetch = () => a.Io.FetchSocketsAsync();
        var emit = () => a.Io.ServerSideEmitWithAckAsync("ping", null, TimeSpan.FromMilliseconds(500));
        var broadcast = () => a.Io.Timeout(TimeSpan.FromMilliseconds(500)).EmitWithAckAsync("ready?");

        await fetch.Should().ThrowAsync<TimeoutException>().WithMessage("timeout reached: only 1 responses received out of 2");
        var emitError = (await emit.Should().ThrowAsync<AckTimeoutException>().WithMessage("timeout reached: only 1 responses received out of 2")).Which;
        emitError.Responses.Select(x => ((JsonElement)x!).GetString()).Should().Equal("b");
        var broadcastError = (await broadcast.Should().ThrowAsync<AckTimeoutException>().WithMessage("operation has timed out")).Which;
        broadcastError.Responses.Select(x => ((JsonElement)x!).GetString()).Should().Equal("client");
        await Eventually.TrueAsync(() => a.Adapter().PendingRequestCount == 0);
    }

    [Fact]
    public async Task All_rooms_is_not_supported_by_the_sharded_protocol()
    {
        var a = await StartNodeAsync(RedisSubscriptionMode.Dynamic);

        var all = () => a.Io.Sockets.Adapter.AllRoomsAsync();

        await all.Should().ThrowAsync<NotSupportedException>().WithMessage("*GetLocalRooms()*");
    }

    private static Action<SocketIoServer> Describe(string name) => io => io.OnConnection(socket => socket.Data["node"] = name);
}
