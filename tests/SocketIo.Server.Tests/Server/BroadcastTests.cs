using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server;

public sealed class BroadcastTests
{
    [Fact]
    public async Task Rooms_except_and_socket_broadcast_address_the_right_sockets()
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(socket =>
        {
            socket.On("join", (string room) => socket.Join(room));
            socket.On("shout", () => socket.Broadcast.Emit("shout", socket.Id));
        }));
        await using var a = await RawSocketIoClient.ConnectAsync(server);
        await using var b = await RawSocketIoClient.ConnectAsync(server);
        await using var c = await RawSocketIoClient.ConnectAsync(server);
        var aId = await a.JoinAsync();
        await b.JoinAsync();
        await c.JoinAsync();
        await a.SendAsync("421[\"join\",\"red\"]");
        await b.SendAsync("421[\"join\",\"red\"]");
        await b.SendAsync("422[\"join\",\"blue\"]");
        await Eventually.TrueAsync(() => server.Io.Sockets.Adapter.GetLocalSockets(new(new HashSet<string> { "red", "blue" })).Count == 2);

        await server.Io.To("red").Except("blue").EmitAsync("news", ["red-only"]);
        await server.Io.To(["red", "blue"]).EmitAsync("news", ["red-or-blue"]);
        await server.Io.Except("red").EmitAsync("news", ["not-red"]);
        await a.SendAsync("42[\"shout\"]");

        (await a.ReceiveTextAsync()).Should().Be("42[\"news\",\"red-only\"]");
        (await a.ReceiveTextAsync()).Should().Be("42[\"news\",\"red-or-blue\"]");
        (await b.ReceiveTextAsync()).Should().Be("42[\"news\",\"red-or-blue\"]");
        (await b.ReceiveTextAsync()).Should().Be($"42[\"shout\",\"{aId}\"]");
        (await c.ReceiveTextAsync()).Should().Be("42[\"news\",\"not-red\"]");
        (await c.ReceiveTextAsync()).Should().Be($"42[\"shout\",\"{aId}\"]");
    }

    [Fact]
    public async Task Broadcast_acks_collect_every_answer_or_time_out_with_the_partial_answers()
    {
        var time = new ManualTimeProvider();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(s => s.On("sync", () => true)), time: time);
        await using var a = await RawSocketIoClient.ConnectAsync(server);
        await using var b = await RawSocketIoClient.ConnectAsync(server);
        await a.JoinAsync();
        await b.JoinAsync();

        var all = server.Io.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("poll", ["q"]);
        (await a.ReceiveTextAsync()).Should().Be("420[\"poll\",\"q\"]");
        (await b.ReceiveTextAsync()).Should().Be("420[\"poll\",\"q\"]");
        await a.SendAsync("430[\"yes\"]");
        await b.SendAsync("430[\"no\",\"ignored\"]");
        (await all.WaitAsync(TimeSpan.FromSeconds(10))).Select(r => r!.ToString()).Should().BeEquivalentTo("yes", "no");

        var partial = server.Io.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("poll", ["again"]);
        (await a.ReceiveTextAsync()).Should().Be("421[\"poll\",\"again\"]");
        (await b.ReceiveTextAsync()).Should().Be("421[\"poll\",\"again\"]");
        await a.SendAsync("431[1]");
        await a.SendAsync("429[\"sync\"]");
        (await a.ReceiveTextAsync()).Should().Be("439[true]", "packets are handled in order, so the ack before it was too");
        partial.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(5));

        var error = await partial.Invoking(t => t.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<AckTimeoutException>();
        error.Which.Message.Should().Be("operation has timed out");
        error.Which.Responses.Select(r => r!.ToString()).Should().Equal("1");
    }

    [Fact]
    public async Task Broadcast_ack_with_no_recipient_completes_at_once()
    {
        await using var server = await SocketIoTestServer.StartAsync();

        var answers = await server.Io.To("nobody").Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("poll").WaitAsync(TimeSpan.FromSeconds(10));

        answers.Should().BeEmpty();
    }

    [Fact]
    public async Task Sockets_join_leave_fetch_and_disconnect_by_room()
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(socket => socket.Data["name"] = "n-" + socket.Id[..4]));
        await using var a = await RawSocketIoClient.ConnectAsync(server);
        await using var b = await RawSocketIoClient.ConnectAsync(server);
        var aId = await a.JoinAsync();
        var bId = await b.JoinAsync();

        // The CONNECT reply goes out before connection listeners run (Node's order): wait for them to have run.
        await Eventually.TrueAsync(() => server.Io.Sockets.Sockets.Values.Count(s => s.Data.ContainsKey("name")) == 2);
        await server.Io.In(aId).SocketsJoinAsync("vip");
        var vips = await server.Io.In("vip").FetchSocketsAsync();
        vips.Should().ContainSingle().Which.Id.Should().Be(aId);
        vips[0].Rooms.Should().BeEquivalentTo(aId, "vip");
        vips[0].Data["name"].Should().Be("n-" + aId[..4]);
        vips[0].Handshake.Auth.ValueKind.Should().Be(System.Text.Json.JsonValueKind.Object);

        await vips[0].EmitAsync("hi", ["vip"]);
        (await a.ReceiveTextAsync()).Should().Be("42[\"hi\",\"vip\"]");

        await server.Io.SocketsLeaveAsync("vip");
        (await server.Io.In("vip").FetchSocketsAsync()).Should().BeEmpty();
        (await server.Io.FetchSocketsAsync()).Select(s => s.Id).Should().BeEquivalentTo(aId, bId);

        await server.Io.In(bId).DisconnectSocketsAsync();
        (await b.ReceiveTextAsync()).Should().Be("41");
        server.Io.Sockets.Sockets.Keys.Should().BeEquivalentTo([aId]);
    }

    [Fact]
    public async Task Server_side_emit_with_a_single_node_is_a_no_op_and_acks_are_empty()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var called = false;
        server.Io.Sockets.On("sync", () => called = true);

        await server.Io.ServerSideEmitAsync("sync", [1]);
        var answers = await server.Io.ServerSideEmitWithAckAsync("sync", [1]);

        answers.Should().BeEmpty();
        called.Should().BeFalse("server-side events go to the other nodes only");
        await server.Io.Invoking(io => io.ServerSideEmitAsync("connection")).Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task Volatile_packets_are_dropped_for_a_polling_client_without_a_pending_request()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        var open = await server.Http.GetStringAsync("/socket.io/?EIO=4&transport=polling");
        var sid = System.Text.Json.JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;
        var url = $"/socket.io/?EIO=4&transport=polling&sid={sid}";
        (await server.Http.PostAsync(url, new StringContent("40"))).EnsureSuccessStatusCode();
        (await server.Http.GetStringAsync(url)).Should().StartWith("40{\"sid\":");

        server.Io.Volatile.Emit("lost", 1);
        server.Io.Emit("kept", 2);

        (await server.Http.GetStringAsync(url)).Should().Be("42[\"kept\",2]");
    }
}
