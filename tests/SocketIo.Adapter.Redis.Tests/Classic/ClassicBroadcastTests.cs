using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Adapter.Redis.Tests.Wire;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Classic;

/// <summary>Broadcasts, room changes and disconnections reach the sockets of every node through a real Redis.</summary>
public sealed class ClassicBroadcastTests : ClassicClusterTestBase
{
    private SocketIoTestServer _a = null!;
    private SocketIoTestServer _b = null!;
    private SocketIoTestServer _c = null!;
    private SocketIoTestClient _onA = null!;
    private SocketIoTestClient _onB = null!;
    private SocketIoTestClient _onC = null!;

    [Fact]
    public async Task A_broadcast_reaches_the_clients_of_every_node_once()
    {
        await StartAsync();

        await _a.Io.Sockets.EmitAsync("hello", ["world", 1, new { nested = new[] { 1.5, 2 } }]);

        foreach (var client in new[] { _onA, _onB, _onC })
        {
            var received = await ExpectEventAsync(client, "hello");
            received.Arguments.Select(a => a.GetRawText()).Should().Equal("\"world\"", "1", """{"nested":[1.5,2]}""");
        }

        await MarkAsync();
        foreach (var client in new[] { _onA, _onB, _onC })
        {
            await ExpectEventAsync(client, "marker");
        }
    }

    [Fact]
    public async Task A_binary_broadcast_reaches_clients_on_other_nodes_as_attachments()
    {
        _a = await StartNodeAsync();
        _b = await StartNodeAsync();
        await using var raw = await RawSocketIoClient.ConnectAsync(_b);
        await raw.JoinAsync();

        await _a.Io.Sockets.EmitAsync("bin", [new byte[] { 1, 2, 3 }, new { inner = new byte[] { 4 } }]);

        (await raw.ReceiveAsync()).Should().Be("""452-["bin",{"_placeholder":true,"num":0},{"inner":{"_placeholder":true,"num":1}}]""");
        (await raw.ReceiveAsync()).Should().Be("binary:010203");
        (await raw.ReceiveAsync()).Should().Be("binary:04");
    }

    [Fact]
    public async Task A_broadcast_to_a_room_reaches_its_members_on_other_nodes_only()
    {
        await StartAsync();
        SocketOf(_b, _onB).Join("lobby");
        SocketOf(_c, _onC).Join("lobby");

        await _a.Io.To("lobby").EmitAsync("news");
        await MarkAsync();

        await ExpectEventAsync(_onA, "marker");
        await ExpectEventAsync(_onB, "news");
        await ExpectEventAsync(_onC, "news");
    }

    [Fact]
    public async Task A_broadcast_to_one_room_goes_to_the_room_channel_and_several_rooms_to_the_namespace_channel()
    {
        await StartAsync();
        var recorder = await RecordBroadcastsAsync();

        await _a.Io.To("lobby").EmitAsync("one");
        await _a.Io.To("lobby").To("vip").EmitAsync("two");

        (await recorder.NextAsync()).Channel.Should().Be("socket.io#/#lobby#");
        (await recorder.NextAsync()).Channel.Should().Be("socket.io#/#");
    }

    [Fact]
    public async Task A_broadcast_except_a_room_leaves_its_members_out_on_every_node()
    {
        await StartAsync();
        SocketOf(_b, _onB).Join("quiet");

        await _c.Io.Except("quiet").EmitAsync("news");
        await MarkAsync(_c);

        await ExpectEventAsync(_onA, "news");
        await ExpectEventAsync(_onB, "marker");
        await ExpectEventAsync(_onC, "news");
    }

    [Fact]
    public async Task A_socket_broadcast_leaves_the_sender_out_everywhere()
    {
        await StartAsync();

        await SocketOf(_b, _onB).Broadcast.EmitAsync("from-b");
        await MarkAsync(_b);

        await ExpectEventAsync(_onA, "from-b");
        await ExpectEventAsync(_onB, "marker");
        await ExpectEventAsync(_onC, "from-b");
    }

    [Fact]
    public async Task A_local_broadcast_stays_on_its_node_and_is_not_published()
    {
        await StartAsync();
        var recorder = await RecordBroadcastsAsync();

        await _a.Io.Local.EmitAsync("local-news");
        await MarkAsync();

        await ExpectEventAsync(_onA, "local-news");
        await ExpectEventAsync(_onB, "marker");
        await ExpectEventAsync(_onC, "marker");
        var first = await recorder.NextAsync();
        var published = ClassicCodecFixture.Decoded(ClassicCodecFixture.Codec().Decode(first.Channel, first.Payload));
        ((BroadcastData)published.Data!).Packet.EventName.Should().Be("marker", "the local broadcast before it was not published");
    }

    [Fact]
    public async Task Flags_travel_with_the_broadcast()
    {
        await StartAsync();
        var recorder = await RecordBroadcastsAsync();

        await _a.Io.Volatile.Compress(false).EmitAsync("flagged");

        var message = await recorder.NextAsync();
        var data = (BroadcastData)ClassicCodecFixture.Decoded(ClassicCodecFixture.Codec().Decode(message.Channel, message.Payload)).Data!;
        data.Options.Flags.Should().Be(new BroadcastFlags { Volatile = true, Compress = false });
    }

    [Fact]
    public async Task Sockets_join_and_leave_reach_sockets_on_other_nodes()
    {
        await StartAsync();

        await _a.Io.Except(_onA.Id).SocketsJoinAsync("game");
        await _a.Io.To("game").EmitAsync("in-game");
        await MarkAsync();

        await ExpectEventAsync(_onA, "marker");
        await ExpectEventAsync(_onB, "in-game");
        await ExpectEventAsync(_onB, "marker");
        await ExpectEventAsync(_onC, "in-game");
        await ExpectEventAsync(_onC, "marker");
        SocketOf(_b, _onB).Rooms.Should().Contain("game");

        await _a.Io.In(_onB.Id).SocketsLeaveAsync("game");
        await _a.Io.To("game").EmitAsync("still-in-game");
        await MarkAsync();

        await ExpectEventAsync(_onA, "marker");
        await ExpectEventAsync(_onB, "marker");
        await ExpectEventAsync(_onC, "still-in-game");
        await ExpectEventAsync(_onC, "marker");
        SocketOf(_b, _onB).Rooms.Should().NotContain("game");
    }

    [Fact]
    public async Task A_room_broadcast_right_after_a_remote_join_reaches_the_new_member()
    {
        // The join and the room broadcast come on different channels; handled in arrival order, the room filter sees
        // the join.
        await StartAsync();

        await _a.Io.In(_onB.Id).SocketsJoinAsync("fresh");
        await _a.Io.To("fresh").EmitAsync("welcome");

        await ExpectEventAsync(_onB, "welcome");
    }

    [Fact]
    public async Task Disconnect_sockets_disconnects_the_addressed_sockets_on_other_nodes()
    {
        await StartAsync();
        SocketOf(_b, _onB).Join("leaving");

        await _a.Io.In("leaving").DisconnectSocketsAsync();

        await _onB.Disconnected;
        await Eventually.TrueAsync(() => !_b.Io.Sockets.Sockets.ContainsKey(_onB.Id));
        await MarkAsync();
        await ExpectEventAsync(_onA, "marker");
        await ExpectEventAsync(_onC, "marker");
    }

    [Fact]
    public async Task Disconnect_sockets_with_close_closes_the_remote_connections()
    {
        await StartAsync();

        await _a.Io.Except(_onA.Id).DisconnectSocketsAsync(close: true);

        await Task.WhenAll(_onB.Disconnected, _onC.Disconnected);
        await Eventually.TrueAsync(() => _b.Io.Sockets.Sockets.Count == 0 && _c.Io.Sockets.Sockets.Count == 0);
        _a.Io.Sockets.Sockets.Should().ContainKey(_onA.Id);
    }

    [Fact]
    public async Task A_broadcast_in_another_namespace_does_not_reach_the_main_namespace()
    {
        await StartAsync();
        _b.Io.Of("/other");
        await WaitForServerCountAsync(_a, 2, "/other");

        await _a.Io.Of("/other").EmitAsync("elsewhere");
        await MarkAsync();

        await ExpectEventAsync(_onA, "marker");
        await ExpectEventAsync(_onB, "marker");
        await ExpectEventAsync(_onC, "marker");
    }

    private async Task StartAsync()
    {
        _a = await StartNodeAsync();
        _b = await StartNodeAsync();
        _c = await StartNodeAsync();
        _onA = await ConnectAsync(_a);
        _onB = await ConnectAsync(_b);
        _onC = await ConnectAsync(_c);
    }

    private async Task<MessageRecorder> RecordBroadcastsAsync()
    {
        var recorder = new MessageRecorder();
        var client = await StartRedisClientAsync();
        await client.SubscribeAsync(new RedisChannel("socket.io#/#*", RedisChannelKind.Pattern), recorder.Handler);
        return recorder;
    }

    /// <summary>
    /// An event to everyone from the node that sent the one under test, after it: a client whose next event is the
    /// marker did not get the event under test, as Redis and each connection keep one sender's order.
    /// </summary>
    private Task MarkAsync(SocketIoTestServer? from = null) => (from ?? _a).Io.Sockets.EmitAsync("marker");
}
