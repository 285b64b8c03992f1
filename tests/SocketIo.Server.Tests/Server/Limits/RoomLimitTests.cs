using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server.Limits;

/// <summary><see cref="SocketIoServerOptions.MaxRoomsPerSocket"/>: the socket's own room is not counted.</summary>
public sealed class RoomLimitTests
{
    [Fact]
    public async Task Join_past_the_limit_throws_and_joins_nothing()
    {
        var socket = await ConnectAsync(max: 2);
        await using var server = socket.Server;

        socket.Socket.Join("a");
        socket.Socket.Join(["b", "a", "b"]);
        socket.Socket.Join("a");

        socket.Socket.Invoking(s => s.Join("c")).Should().Throw<SocketIoLimitExceededException>()
            .Which.Limit.Should().Be(nameof(SocketIoServerOptions.MaxRoomsPerSocket));
        socket.Socket.Invoking(s => s.Join(["a", "c"])).Should().Throw<SocketIoLimitExceededException>();
        socket.Socket.Rooms.Should().BeEquivalentTo([socket.Socket.Id, "a", "b"]);

        socket.Socket.Leave("a");
        socket.Socket.Join("c");
        socket.Socket.Rooms.Should().BeEquivalentTo([socket.Socket.Id, "b", "c"]);
    }

    [Fact]
    public async Task Sockets_join_skips_a_socket_at_the_limit_and_joins_the_others()
    {
        var full = await ConnectAsync(max: 1);
        await using var server = full.Server;
        await using var other = await RawSocketIoClient.ConnectAsync(server);
        var otherId = await other.JoinAsync();
        full.Socket.Join("mine");

        await server.Io.SocketsJoinAsync("shared");

        full.Socket.Rooms.Should().NotContain("shared");
        server.Io.Sockets.Sockets[otherId].Rooms.Should().Contain("shared");
    }

    [Fact]
    public async Task Null_means_no_limit()
    {
        var socket = await ConnectAsync(max: null);
        await using var server = socket.Server;

        socket.Socket.Join(Enumerable.Range(0, 2_000).Select(i => "room" + i));

        socket.Socket.Rooms.Should().HaveCount(2_001);
    }

    private static async Task<(SocketIoTestServer Server, Socket Socket, RawSocketIoClient Client)> ConnectAsync(int? max)
    {
        var connected = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(connected.SetResult), o => o.MaxRoomsPerSocket = max);
        var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        return (server, await connected.Task.WaitAsync(TimeSpan.FromSeconds(10)), client);
    }
}
