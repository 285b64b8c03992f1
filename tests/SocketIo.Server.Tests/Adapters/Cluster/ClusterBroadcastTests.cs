using SocketIo.Server.Adapters.Cluster;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Adapters.Cluster;

/// <summary>Broadcasts, room changes and disconnections reach the sockets of every node.</summary>
public sealed class ClusterBroadcastTests : ClusterTestBase
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

        await _a.Io.Sockets.EmitAsync("hello", ["world", 1]);

        foreach (var client in new[] { _onA, _onB, _onC })
        {
            var received = await ExpectEventAsync(client, "hello");
            received.Arguments.Select(a => a.ToString()).Should().Equal("world", "1");
        }

        await MarkAsync();
        foreach (var client in new[] { _onA, _onB, _onC })
        {
            await ExpectEventAsync(client, "marker");
        }
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
    public async Task A_local_broadcast_stays_on_its_node_and_is_not_published()
    {
        await StartAsync();

        await _a.Io.Local.EmitAsync("local-news");
        Bus.PublishedCount(ClusterMessageType.Broadcast).Should().Be(0);
        await MarkAsync();

        await ExpectEventAsync(_onA, "local-news");
        await ExpectEventAsync(_onB, "marker");
        await ExpectEventAsync(_onC, "marker");
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

        await _a.Io.Of("/other").EmitAsync("elsewhere");
        // Every adapter of both namespaces gets it; only B's "/other" adapter may act on it.
        await Eventually.TrueAsync(() => Bus.HandledCount(ClusterMessageType.Broadcast) == 5);
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

    /// <summary>
    /// An event to everyone from the node that sent the one under test, after it: a client whose next event is the
    /// marker did not get the event under test, as the bus and each connection keep one sender's order.
    /// </summary>
    private Task MarkAsync(SocketIoTestServer? from = null) => (from ?? _a).Io.Sockets.EmitAsync("marker");
}
