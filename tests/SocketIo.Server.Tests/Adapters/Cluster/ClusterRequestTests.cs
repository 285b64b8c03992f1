using SocketIo.Server.Adapters.Cluster;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Adapters.Cluster;

/// <summary>Acknowledged broadcasts, fetched sockets and server-side emits collect the answers of every node.</summary>
public sealed class ClusterRequestTests : ClusterTestBase
{
    [Fact]
    public async Task A_broadcast_with_acks_collects_the_answers_of_clients_on_every_node()
    {
        var (a, b, c) = await StartNodesAsync();
        foreach (var (node, name) in new[] { (a, "a"), (b, "b"), (c, "c") })
        {
            var client = await ConnectAsync(node);
            client.AnswerAcks("ready?", _ => name);
        }

        var answers = await b.Io.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("ready?");

        answers.Select(x => x!.ToString()).Should().BeEquivalentTo("a", "b", "c");
        await Eventually.TrueAsync(() => AdapterOf(b).PendingRequests == 0);
    }

    [Fact]
    public async Task A_broadcast_with_acks_times_out_with_the_answers_so_far_when_a_client_stays_silent()
    {
        var clock = new ManualTimeProvider();
        var a = await StartNodeAsync();
        var b = await StartNodeAsync(time: clock);
        var c = await StartNodeAsync();
        (await ConnectAsync(a)).AnswerAcks("ready?", _ => "a");
        (await ConnectAsync(c)).AnswerAcks("ready?", _ => "c");
        await ConnectAsync(c);

        var pending = b.Io.Timeout(TimeSpan.FromSeconds(2)).EmitWithAckAsync("ready?");
        await Eventually.TrueAsync(() => Bus.HandledCount(ClusterMessageType.BroadcastAck, AdapterOf(b).NodeUid) == 2);
        pending.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(2));

        var error = (await pending.Invoking(async p => await p).Should().ThrowAsync<AckTimeoutException>()).Which;
        error.Message.Should().Be("operation has timed out");
        error.Responses.Select(x => x!.ToString()).Should().BeEquivalentTo("a", "c");
        AdapterOf(b).PendingRequests.Should().Be(0);
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
        fromB.Data["node"].Should().Be("b");
        fromB.Handshake.Query["EIO"].ToString().Should().Be("4");
        fromB.Handshake.Url.Should().StartWith("/socket.io/");
        all.Single(s => s.Id == onC.Id).Data["node"].Should().Be("c");
        vip.Select(s => s.Id).Should().Equal(onB.Id);
        local.Select(s => s.Id).Should().Equal(onA.Id);
        AdapterOf(a).PendingRequests.Should().Be(0);
    }

    [Fact]
    public async Task Fetch_sockets_times_out_after_five_seconds_when_a_node_does_not_answer()
    {
        var clock = new ManualTimeProvider();
        var a = await StartNodeAsync(Describe("a"), clock);
        await StartNodeAsync(Describe("b"));
        await StartNodeAsync(Describe("c"));
        Bus.SilentNodes = 1;

        var pending = a.Io.FetchSocketsAsync();
        await Eventually.TrueAsync(() => Bus.HandledCount(ClusterMessageType.FetchSocketsResponse, AdapterOf(a).NodeUid) == 2);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        pending.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(0.1));

        await pending.Invoking(async p => await p).Should().ThrowAsync<TimeoutException>()
            .WithMessage("timeout reached: only 2 responses received out of 3");
        AdapterOf(a).PendingRequests.Should().Be(0);
    }

    [Fact]
    public async Task Fetch_sockets_waits_for_the_operator_timeout_when_one_is_set()
    {
        var clock = new ManualTimeProvider();
        var a = await StartNodeAsync(Describe("a"), clock);
        await StartNodeAsync(Describe("b"));
        Bus.SilentNodes = 1;

        var pending = a.Io.Timeout(TimeSpan.FromSeconds(1)).FetchSocketsAsync();
        await Eventually.TrueAsync(() => Bus.HandledCount(ClusterMessageType.FetchSocketsResponse, AdapterOf(a).NodeUid) == 1);
        clock.Advance(TimeSpan.FromSeconds(1));

        await pending.Invoking(async p => await p).Should().ThrowAsync<TimeoutException>()
            .WithMessage("timeout reached: only 1 responses received out of 2");
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

        await a.Io.Sockets.ServerSideEmitAsync("hello", [42]);

        (await heard["b"].Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(42);
        (await heard["c"].Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(42);
        await Eventually.TrueAsync(() => Bus.HandledCount(ClusterMessageType.ServerSideEmit, AdapterOf(a).NodeUid) == 1);
        heard["a"].Task.IsCompleted.Should().BeFalse("a node does not hear its own server-side emits");
    }

    [Fact]
    public async Task Server_side_emit_with_ack_collects_one_answer_per_other_node()
    {
        var a = await StartNodeAsync(io => io.Sockets.On("count", () => 1));
        await StartNodeAsync(io => io.Sockets.On("count", (int plus) => 2 + plus));
        await StartNodeAsync(io => io.Sockets.On("count", (int plus) => 3 + plus));

        var answers = await a.Io.Sockets.ServerSideEmitWithAckAsync("count", [10]);

        answers.Should().BeEquivalentTo(new object[] { 12, 13 });
        await Eventually.TrueAsync(() => AdapterOf(a).PendingRequests == 0);
    }

    [Fact]
    public async Task Server_side_emit_with_ack_times_out_with_the_reference_message_when_a_node_does_not_answer()
    {
        var clock = new ManualTimeProvider();
        var a = await StartNodeAsync(time: clock);
        await StartNodeAsync(io => io.Sockets.On("count", () => 2));
        await StartNodeAsync();

        var pending = a.Io.Sockets.ServerSideEmitWithAckAsync("count");
        await Eventually.TrueAsync(() => Bus.HandledCount(ClusterMessageType.ServerSideEmitResponse, AdapterOf(a).NodeUid) == 1);
        clock.Advance(TimeSpan.FromSeconds(5));

        var error = (await pending.Invoking(async p => await p).Should().ThrowAsync<AckTimeoutException>()).Which;
        error.Message.Should().Be("timeout reached: only 1 responses received out of 2");
        error.Responses.Should().Equal(2);
        AdapterOf(a).PendingRequests.Should().Be(0);
    }

    [Fact]
    public async Task A_node_alone_answers_at_once_with_what_it_has()
    {
        var alone = await StartNodeAsync(io => io.Sockets.On("count", () => 1));
        var client = await ConnectAsync(alone);
        client.AnswerAcks("ready?", _ => "me");

        var emitted = alone.Io.Sockets.ServerSideEmitWithAckAsync("count");
        emitted.IsCompletedSuccessfully.Should().BeTrue();
        (await emitted).Should().BeEmpty();
        (await alone.Io.FetchSocketsAsync()).Select(s => s.Id).Should().Equal(client.Id);
        (await alone.Io.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("ready?")).Select(x => x!.ToString()).Should().Equal("me");
        await Eventually.TrueAsync(() => AdapterOf(alone).PendingRequests == 0);
    }

    private static Action<SocketIoServer> Describe(string node) => io => io.OnConnection(s => s.Data["node"] = node);

    private async Task<(SocketIoTestServer A, SocketIoTestServer B, SocketIoTestServer C)> StartNodesAsync() =>
        (await StartNodeAsync(Describe("a")), await StartNodeAsync(Describe("b")), await StartNodeAsync(Describe("c")));
}
