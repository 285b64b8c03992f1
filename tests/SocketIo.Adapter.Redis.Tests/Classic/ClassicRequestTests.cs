using System.Text.Json;
using SocketIo.Adapter.Redis.Classic;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Classic;

/// <summary>
/// Acknowledged broadcasts, fetched sockets, server-side emits, all rooms and the server count collect the answers of
/// every node through a real Redis, and time out as Node's classic adapter does.
/// </summary>
public sealed class ClassicRequestTests : ClassicClusterTestBase
{
    [Fact]
    public async Task A_broadcast_with_acks_collects_the_answers_of_clients_on_every_node()
    {
        var (a, b, c) = await StartNodesAsync();
        foreach (var (node, name) in new[] { (a, "a"), (b, "b"), (c, "c") })
        {
            var client = await ConnectAsync(node);
            client.AnswerAcks("ready?", e => $"{name}:{e.Arguments[0].GetInt32()}");
        }

        var answers = await b.Io.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("ready?", [7]);

        answers.Select(x => ((JsonElement)x!).GetString()).Should().BeEquivalentTo("a:7", "b:7", "c:7");
    }

    [Fact]
    public async Task A_broadcast_with_acks_ends_without_its_timeout_when_nodes_without_clients_report_zero()
    {
        var clock = new ManualTimeProvider();
        var a = await StartNodeAsync(time: clock);
        await StartNodeAsync();
        await StartNodeAsync();
        await WaitForServerCountAsync(a, 3);
        (await ConnectAsync(a)).AnswerAcks("ready?", _ => "a");

        // The requester's clock never moves: only every node's count (two of them 0) can end it.
        var answers = await a.Io.Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("ready?").WaitAsync(TimeSpan.FromSeconds(10));

        answers.Select(x => x!.ToString()).Should().Equal("a");
    }

    [Fact]
    public async Task A_broadcast_with_acks_times_out_with_the_answers_so_far_when_a_client_stays_silent()
    {
        var clock = new ManualTimeProvider();
        var a = await StartNodeAsync(time: clock);
        var b = await StartNodeAsync();
        await WaitForServerCountAsync(a, 2);
        (await ConnectAsync(b)).AnswerAcks("ready?", _ => "b");
        await ConnectAsync(b);

        var pending = a.Io.Timeout(TimeSpan.FromSeconds(2)).EmitWithAckAsync("ready?");
        await Eventually.TrueAsync(() => AdapterOf(a).HandledResponseCount == 2);
        pending.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(2));

        var error = (await pending.Invoking(async p => await p).Should().ThrowAsync<AckTimeoutException>()).Which;
        error.Message.Should().Be("operation has timed out");
        error.Responses.Select(x => x!.ToString()).Should().Equal("b");
    }

    [Fact]
    public async Task A_remote_socket_can_be_emitted_to_acknowledged_and_moved_between_rooms()
    {
        var (a, b, _) = await StartNodesAsync();
        var onB = await ConnectAsync(b);
        onB.AnswerAcks("who?", e => $"b got {e.Arguments[0]}");

        var remote = (await a.Io.FetchSocketsAsync()).Single(s => s.Id == onB.Id);
        var answer = await remote.EmitWithAckAsync("who?", TimeSpan.FromSeconds(10), ["you"]);
        await remote.JoinAsync(["vip"]);
        await remote.EmitAsync("done");

        answer!.ToString().Should().Be("b got you");
        (await ExpectEventAsync(onB, "who?")).Arguments[0].GetString().Should().Be("you");
        await ExpectEventAsync(onB, "done");
        SocketOf(b, onB).Rooms.Should().Contain("vip");
    }

    [Fact]
    public async Task Fetch_sockets_describes_the_sockets_of_every_node()
    {
        var (a, b, c) = await StartNodesAsync();
        var onA = await ConnectAsync(a);
        var onB = await ConnectAsync(b);
        var onC = await ConnectAsync(c);
        SocketOf(b, onB).Join("vip");

        var all = await a.Io.FetchSocketsAsync();
        var vip = await a.Io.In("vip").FetchSocketsAsync();
        var local = await a.Io.Local.FetchSocketsAsync();

        all.Select(s => s.Id).Should().BeEquivalentTo(onA.Id, onB.Id, onC.Id);
        var fromB = all.Single(s => s.Id == onB.Id);
        fromB.Rooms.Should().BeEquivalentTo(onB.Id, "vip");
        ((JsonElement)fromB.Data["node"]!).GetString().Should().Be("b");
        fromB.Handshake.Query["EIO"].ToString().Should().Be("4");
        fromB.Handshake.Url.Should().StartWith("/socket.io/");
        fromB.Handshake.Address.Should().Be(SocketOf(b, onB).Handshake.Address);
        fromB.Handshake.Issued.Should().Be(TruncatedToMilliseconds(SocketOf(b, onB).Handshake.Issued));
        ((JsonElement)all.Single(s => s.Id == onC.Id).Data["node"]!).GetString().Should().Be("c");
        vip.Select(s => s.Id).Should().Equal(onB.Id);
        local.Select(s => s.Id).Should().Equal(onA.Id);
    }

    [Fact]
    public async Task Fetch_sockets_waits_the_requests_timeout_whatever_the_operator_timeout_and_fails_with_nodes_message()
    {
        var clock = new ManualTimeProvider();
        var a = await StartNodeAsync(Describe("a"), clock, o => o.RequestsTimeout = TimeSpan.FromSeconds(3));
        await StartNodeAsync(Describe("b"));
        await StartSilentNodeAsync();
        await WaitForServerCountAsync(a, 3);

        var pending = a.Io.Timeout(TimeSpan.FromSeconds(1)).FetchSocketsAsync();
        await Eventually.TrueAsync(() => AdapterOf(a).HandledResponseCount == 1);
        clock.Advance(TimeSpan.FromSeconds(2.9));
        pending.IsCompleted.Should().BeFalse("the classic protocol ignores the operator's timeout");
        clock.Advance(TimeSpan.FromSeconds(0.1));

        await pending.Invoking(async p => await p).Should().ThrowAsync<TimeoutException>()
            .WithMessage("timeout reached while waiting for fetchSockets response");
    }

    [Fact]
    public async Task Server_side_emit_reaches_the_listeners_of_the_other_nodes_but_not_its_own()
    {
        var heard = new Dictionary<string, TaskCompletionSource<int>>();
        Action<SocketIoServer> Listen(string name)
        {
            var tcs = heard[name] = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            return io => io.Sockets.On("hello", (int value) => tcs.TrySetResult(value));
        }

        var a = await StartNodeAsync(Listen("a"));
        await StartNodeAsync(Listen("b"));
        await StartNodeAsync(Listen("c"));
        var requests = await RecordRequestsAsync();

        await a.Io.Sockets.ServerSideEmitAsync("hello", [42]);

        (await heard["b"].Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(42);
        (await heard["c"].Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(42);
        await requests.NextAsync();

        // A node handles its messages in order: once it answered a later request, it had seen its own emit.
        await a.Io.FetchSocketsAsync();
        heard["a"].Task.IsCompleted.Should().BeFalse("a node does not hear its own server-side emits");
    }

    [Fact]
    public async Task Server_side_emit_with_ack_collects_one_answer_per_other_node()
    {
        var a = await StartNodeAsync(io => io.Sockets.On("count", () => 1));
        await StartNodeAsync(io => io.Sockets.On("count", (int plus) => 2 + plus));
        await StartNodeAsync(io => io.Sockets.On("count", (int plus) => 3 + plus));
        await WaitForServerCountAsync(a, 3);

        var answers = await a.Io.Sockets.ServerSideEmitWithAckAsync("count", [10]);

        answers.Select(x => ((JsonElement)x!).GetInt32()).Should().BeEquivalentTo([12, 13]);
    }

    [Fact]
    public async Task Server_side_emit_with_ack_waits_the_requests_timeout_and_fails_with_nodes_message()
    {
        var clock = new ManualTimeProvider();
        var a = await StartNodeAsync(time: clock, configureRedis: o => o.RequestsTimeout = TimeSpan.FromSeconds(3));
        await StartNodeAsync(io => io.Sockets.On("count", () => 2));
        await StartNodeAsync();
        await WaitForServerCountAsync(a, 3);

        var pending = a.Io.Sockets.ServerSideEmitWithAckAsync("count", timeout: TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => AdapterOf(a).HandledResponseCount == 1);
        clock.Advance(TimeSpan.FromSeconds(2.9));
        pending.IsCompleted.Should().BeFalse("the classic protocol waits its requests timeout");
        clock.Advance(TimeSpan.FromSeconds(0.1));

        var error = (await pending.Invoking(async p => await p).Should().ThrowAsync<AckTimeoutException>()).Which;
        error.Message.Should().Be("timeout reached: only 1 responses received out of 2");
        error.Responses.Select(x => ((JsonElement)x!).GetInt32()).Should().Equal(2);
    }

    [Fact]
    public async Task All_rooms_is_the_union_of_every_nodes_rooms_socket_rooms_included()
    {
        var (a, b, c) = await StartNodesAsync();
        var onA = await ConnectAsync(a);
        var onB = await ConnectAsync(b);
        SocketOf(a, onA).Join("lobby");
        SocketOf(b, onB).Join("lobby");
        SocketOf(b, onB).Join("vip");

        var rooms = await AdapterOf(a).AllRoomsAsync();

        rooms.Should().BeEquivalentTo(onA.Id, onB.Id, "lobby", "vip");
        AdapterOf(a).PendingAllRoomsRequests.Should().Be(0);
        (await AdapterOf(c).AllRoomsAsync()).Should().BeEquivalentTo(rooms);
    }

    [Fact]
    public async Task All_rooms_fails_with_nodes_message_when_a_node_does_not_answer()
    {
        var clock = new ManualTimeProvider();
        var a = await StartNodeAsync(time: clock, configureRedis: o => o.RequestsTimeout = TimeSpan.FromSeconds(3));
        await StartNodeAsync();
        await StartSilentNodeAsync();
        await WaitForServerCountAsync(a, 3);

        var pending = AdapterOf(a).AllRoomsAsync();
        await Eventually.TrueAsync(() => AdapterOf(a).HandledResponseCount == 1);
        clock.Advance(TimeSpan.FromSeconds(3));

        await pending.Invoking(async p => await p).Should().ThrowAsync<TimeoutException>()
            .WithMessage("timeout reached while waiting for allRooms response");
        AdapterOf(a).PendingAllRoomsRequests.Should().Be(0);
    }

    [Fact]
    public async Task Nodes_without_sockets_answer_every_request()
    {
        var clock = new ManualTimeProvider();
        var a = await StartNodeAsync(Describe("a"), clock);
        await StartNodeAsync(io => io.Sockets.On("count", () => "b"));
        await StartNodeAsync(io => io.Sockets.On("count", () => "c"));
        await WaitForServerCountAsync(a, 3);
        var onA = await ConnectAsync(a);
        onA.AnswerAcks("ready?", _ => "a");

        // The requester's clock never moves: each request ends only because both other nodes answered.
        var limit = TimeSpan.FromSeconds(10);
        (await a.Io.FetchSocketsAsync().WaitAsync(limit)).Select(s => s.Id).Should().Equal(onA.Id);
        (await AdapterOf(a).AllRoomsAsync().WaitAsync(limit)).Should().Equal(onA.Id);
        (await a.Io.Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("ready?").WaitAsync(limit)).Select(x => x!.ToString()).Should().Equal("a");
        (await a.Io.Sockets.ServerSideEmitWithAckAsync("count").WaitAsync(limit)).Select(x => x!.ToString()).Should().BeEquivalentTo("b", "c");
    }

    [Fact]
    public async Task The_server_count_is_the_number_of_nodes_subscribed_to_the_namespace()
    {
        var (a, b, c) = await StartNodesAsync();

        (await AdapterOf(a).GetServerCountAsync()).Should().Be(3);
        (await a.Io.Of("/chat").Adapter.GetServerCountAsync()).Should().Be(1);

        await c.DisposeAsync();
        await WaitForServerCountAsync(b, 2);
    }

    [Fact]
    public async Task A_node_alone_answers_at_once_with_what_it_has()
    {
        var alone = await StartNodeAsync(io => io.Sockets.On("count", () => 1));
        var client = await ConnectAsync(alone);
        client.AnswerAcks("ready?", _ => "me");

        (await alone.Io.Sockets.ServerSideEmitWithAckAsync("count")).Should().BeEmpty();
        (await alone.Io.FetchSocketsAsync()).Select(s => s.Id).Should().Equal(client.Id);
        (await AdapterOf(alone).AllRoomsAsync()).Should().Equal(client.Id);
        (await alone.Io.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("ready?")).Select(x => x!.ToString()).Should().Equal("me");
    }

    [Fact]
    public async Task Answers_go_to_the_requesters_own_channel_when_the_answering_node_says_so_but_server_side_emit_answers_never()
    {
        var a = await StartNodeAsync();
        var b = await StartNodeAsync(io => io.Sockets.On("count", () => 2), configureRedis: o => o.PublishOnSpecificResponseChannel = true);
        await WaitForServerCountAsync(a, 2);
        var onB = await ConnectAsync(b);
        onB.AnswerAcks("ready?", _ => "b");
        var responses = await RecordResponsesAsync();
        var uid = AdapterOf(a).NodeUid;

        (await a.Io.FetchSocketsAsync()).Select(s => s.Id).Should().Equal(onB.Id);
        (await responses.NextAsync()).Channel.Should().Be($"socket.io-response#/#{uid}#");
        (await AdapterOf(a).AllRoomsAsync()).Should().Equal(onB.Id);
        (await responses.NextAsync()).Channel.Should().Be($"socket.io-response#/#{uid}#");
        (await a.Io.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("ready?")).Select(x => x!.ToString()).Should().Equal("b");
        (await responses.TakeAsync(2)).Select(r => r.Channel).Should().AllBe($"socket.io-response#/#{uid}#");
        (await a.Io.Sockets.ServerSideEmitWithAckAsync("count")).Select(x => x!.ToString()).Should().Equal("2");
        (await responses.NextAsync()).Channel.Should().Be("socket.io-response#/#");
    }

    [Fact]
    public async Task Node_and_request_ids_are_six_characters_of_nodes_alphabet()
    {
        var a = await StartNodeAsync();
        await StartNodeAsync();
        await WaitForServerCountAsync(a, 2);
        var requests = await RecordRequestsAsync();

        await a.Io.FetchSocketsAsync();

        AdapterOf(a).NodeUid.Should().MatchRegex("^[A-Za-z0-9_-]{6}$");
        var request = JsonDocument.Parse((await requests.NextAsync()).Payload).RootElement;
        request.GetProperty("uid").GetString().Should().Be(AdapterOf(a).NodeUid);
        request.GetProperty("requestId").GetString().Should().MatchRegex("^[A-Za-z0-9_-]{6}$");
        Enumerable.Range(0, 1000).Select(_ => ClassicIds.Create()).Distinct().Should().HaveCountGreaterThan(990);
    }

    private static DateTimeOffset TruncatedToMilliseconds(DateTimeOffset value) => DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    private static Action<SocketIoServer> Describe(string node) => io => io.OnConnection(s => s.Data["node"] = node);

    private async Task<(SocketIoTestServer A, SocketIoTestServer B, SocketIoTestServer C)> StartNodesAsync()
    {
        var nodes = (await StartNodeAsync(Describe("a")), await StartNodeAsync(Describe("b")), await StartNodeAsync(Describe("c")));
        await WaitForServerCountAsync(nodes.Item1, 3);
        return nodes;
    }

    private async Task<MessageRecorder> RecordResponsesAsync()
    {
        var recorder = new MessageRecorder();
        var client = await StartRedisClientAsync();
        await client.SubscribeAsync(new RedisChannel("socket.io-response#/#*", RedisChannelKind.Pattern), recorder.Handler);
        return recorder;
    }

    private async Task<MessageRecorder> RecordRequestsAsync()
    {
        var recorder = new MessageRecorder();
        var client = await StartRedisClientAsync();
        await client.SubscribeAsync(new RedisChannel("socket.io-request#/#*", RedisChannelKind.Pattern), recorder.Handler);
        return recorder;
    }
}
