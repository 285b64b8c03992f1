using System.Text.RegularExpressions;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server;

public sealed class NamespaceConnectionTests
{
    [Fact]
    public async Task Connect_replies_with_a_fresh_20_character_sid_and_runs_connection_listeners_after_it()
    {
        var connected = new TaskCompletionSource<Socket>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(socket =>
        {
            socket.Emit("welcome", socket.Handshake.Auth);
            connected.TrySetResult(socket);
        }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40{\"token\":\"123\"}");
        var reply = await client.ReceiveTextAsync();
        var welcome = await client.ReceiveTextAsync();

        reply.Should().MatchRegex("^40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}$");
        welcome.Should().Be("42[\"welcome\",{\"token\":\"123\"}]");
        var socket = await connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        reply.Should().Contain(socket.Id);
        socket.Rooms.Should().BeEquivalentTo([socket.Id]);
        socket.Handshake.Auth.GetProperty("token").GetString().Should().Be("123");
    }

    [Fact]
    public async Task Unknown_namespace_gets_connect_error_and_the_connection_stays_open()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40/random");
        (await client.ReceiveTextAsync()).Should().Be("44/random,{\"message\":\"Invalid namespace\"}");

        var sid = await client.JoinAsync();
        sid.Should().HaveLength(20);
    }

    [Fact]
    public async Task Middleware_refusal_sends_message_and_data_and_creates_no_socket()
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.Of("/admin").Use((socket, _) =>
            socket.Handshake.Auth.TryGetProperty("token", out var _)
                ? ValueTask.CompletedTask
                : throw new ConnectionRefusedException("not authorized", new { code = 401 })));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40/admin,");
        (await client.ReceiveTextAsync()).Should().Be("44/admin,{\"message\":\"not authorized\",\"data\":{\"code\":401}}");
        server.Io.Of("/admin").Sockets.Should().BeEmpty();

        var sid = await client.JoinAsync("/admin", "{\"token\":\"x\"}");
        server.Io.Of("/admin").Sockets.Should().ContainKey(sid);
    }

    [Fact]
    public async Task Middleware_failure_is_not_shown_to_the_client()
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.Use((_, _) => throw new InvalidOperationException("db password is hunter2")));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.SendAsync("40");
        (await client.ReceiveTextAsync()).Should().Be("44{\"message\":\"Internal server error\"}");
    }

    [Fact]
    public async Task Middlewares_run_in_order_and_see_the_handshake()
    {
        var order = new List<string>();
        await using var server = await SocketIoTestServer.StartAsync(io => io
            .Use((socket, _) =>
            {
                order.Add("first:" + socket.Handshake.Query["EIO"]);
                return ValueTask.CompletedTask;
            })
            .Use(async (socket, ct) =>
            {
                await Task.Yield();
                order.Add("second:" + socket.Handshake.Address);
            }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.JoinAsync();

        order.Should().Equal("first:4", "second:127.0.0.1");
    }

    [Fact]
    public async Task Connection_without_a_namespace_is_closed_after_the_connect_timeout()
    {
        var time = new ManualTimeProvider();
        await using var server = await SocketIoTestServer.StartAsync(configure: o => o.ConnectTimeout = TimeSpan.FromSeconds(1), time: time);
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        time.Advance(TimeSpan.FromMilliseconds(999));
        var closed = client.WaitForCloseAsync();
        closed.IsCompleted.Should().BeFalse();
        time.Advance(TimeSpan.FromMilliseconds(1));

        await closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Joining_a_namespace_cancels_the_connect_timeout()
    {
        var time = new ManualTimeProvider();
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.OnConnection(socket => socket.On("ping", () => "pong")),
            o => o.ConnectTimeout = TimeSpan.FromSeconds(1),
            time: time);
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        time.Advance(TimeSpan.FromSeconds(2));
        await client.SendAsync("421[\"ping\"]");

        (await client.ReceiveTextAsync()).Should().Be("431[\"pong\"]", "a closed connection would answer with a close");
    }

    [Theory]
    [InlineData("4abc")]
    [InlineData("42{}")]
    [InlineData("42abc[\"x\"]")]
    [InlineData("411-[\"x\"]")]
    public async Task Undecodable_packet_closes_the_connection_with_reason_forced_close(string frame)
    {
        var reason = new TaskCompletionSource<string>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(socket =>
            socket.On("disconnect", (string r) => reason.TrySetResult(r))));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        await client.SendAsync(frame);

        await client.WaitForCloseAsync();
        (await reason.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("forced close");
    }

    [Fact]
    public async Task Packet_for_a_namespace_not_joined_closes_the_connection_with_forced_server_close()
    {
        var reason = new TaskCompletionSource<string>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(socket =>
            socket.On("disconnect", (string r) => reason.TrySetResult(r))));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        await client.SendAsync("42/other,[\"x\"]");

        await client.WaitForCloseAsync();
        (await reason.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("forced server close");
    }

    [Fact]
    public async Task A_client_in_three_namespaces_keeps_the_other_two_when_it_leaves_one()
    {
        await using var server = await SocketIoTestServer.StartAsync(io =>
        {
            foreach (var name in new[] { "/", "/a", "/b" })
            {
                io.Of(name).OnConnection(socket => socket.On("where", () => socket.Namespace.Name));
            }
        });
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        await client.JoinAsync("/a");
        await client.JoinAsync("/b");

        await client.SendAsync("41/a,");
        await client.SendAsync("42/b,1[\"where\"]");
        (await client.ReceiveTextAsync()).Should().Be("43/b,1[\"/b\"]");
        await client.SendAsync("422[\"where\"]");
        (await client.ReceiveTextAsync()).Should().Be("432[\"/\"]");

        await client.SendAsync("42/a,3[\"where\"]"); // no longer joined: a broken rule
        await client.WaitForCloseAsync();
    }

    [Fact]
    public async Task Second_connect_to_the_same_namespace_closes_the_connection()
    {
        await using var server = await SocketIoTestServer.StartAsync();
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        await client.SendAsync("40");

        await client.WaitForCloseAsync();
    }

    [Fact]
    public async Task Dynamic_namespace_creates_children_that_inherit_middlewares_and_listeners()
    {
        var seen = new List<string>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.Of(new Regex("^/dynamic-\\d+$"))
            .Use((socket, _) =>
            {
                lock (seen)
                {
                    seen.Add("middleware " + socket.Namespace.Name);
                }

                return ValueTask.CompletedTask;
            })
            .OnConnection(socket => socket.Emit("hello", socket.Namespace.Name)));
        await using var client = await RawSocketIoClient.ConnectAsync(server);

        await client.JoinAsync("/dynamic-101");
        (await client.ReceiveTextAsync()).Should().Be("42/dynamic-101,[\"hello\",\"/dynamic-101\"]");
        await client.SendAsync("40/dynamic-abc,");
        (await client.ReceiveTextAsync()).Should().Be("44/dynamic-abc,{\"message\":\"Invalid namespace\"}");

        seen.Should().Equal("middleware /dynamic-101");
        server.Io.Of("/dynamic-101").Sockets.Should().HaveCount(1);
    }

    [Fact]
    public async Task Predicate_namespace_sees_the_name_and_auth_and_parent_emits_reach_children()
    {
        await using var server = await SocketIoTestServer.StartAsync(io => io.Of((name, auth) =>
            ValueTask.FromResult(name.StartsWith("/team-", StringComparison.Ordinal) && auth.TryGetProperty("member", out var _))));
        var parent = server.Io.Of((_, _) => ValueTask.FromResult(false));
        await using var a = await RawSocketIoClient.ConnectAsync(server);
        await using var b = await RawSocketIoClient.ConnectAsync(server);

        await a.SendAsync("40/team-1,");
        (await a.ReceiveTextAsync()).Should().Be("44/team-1,{\"message\":\"Invalid namespace\"}");
        await a.JoinAsync("/team-1", "{\"member\":true}");
        await b.JoinAsync("/team-2", "{\"member\":true}");

        var teams = server.Io.Of("/team-1").Parent!;
        teams.Children.Select(c => c.Name).Should().BeEquivalentTo("/team-1", "/team-2");
        teams.Emit("all-teams", 1);

        (await a.ReceiveTextAsync()).Should().Be("42/team-1,[\"all-teams\",1]");
        (await b.ReceiveTextAsync()).Should().Be("42/team-2,[\"all-teams\",1]");
        parent.Children.Should().BeEmpty();
    }

    [Fact]
    public async Task Empty_child_namespace_is_removed_when_cleanup_is_on()
    {
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.Of(new Regex("^/room-\\d+$")),
            o => o.CleanupEmptyChildNamespaces = true);
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync("/room-1");
        var child = server.Io.Of("/room-1");
        var parent = child.Parent!;

        await client.SendAsync("41/room-1,");

        await Eventually.TrueAsync(() => parent.Children.Count == 0);
        server.Io.Of("/room-1").Parent.Should().BeNull("a plain namespace of that name is created afresh after cleanup");
    }
}
