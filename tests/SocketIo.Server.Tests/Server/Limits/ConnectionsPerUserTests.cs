using System.Security.Claims;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server.Limits;

/// <summary><see cref="SocketIoServerOptions.MaxConnectionsPerUser"/>: sockets per user on this node, across namespaces.</summary>
public sealed class ConnectionsPerUserTests
{
    [Fact]
    public async Task The_socket_past_the_cap_gets_connect_error_and_other_users_are_unaffected()
    {
        await using var server = await StartAsync(max: 2);
        await using var first = await RawSocketIoClient.ConnectAsync(server);
        await using var second = await RawSocketIoClient.ConnectAsync(server);
        await using var third = await RawSocketIoClient.ConnectAsync(server);
        await using var other = await RawSocketIoClient.ConnectAsync(server);

        await first.JoinAsync(auth: "{\"user\":\"alice\"}");
        await second.JoinAsync("/chat", "{\"user\":\"alice\"}");
        await third.SendAsync("40{\"user\":\"alice\"}");

        (await third.ReceiveTextAsync()).Should().Be("44{\"message\":\"Too many connections\"}");
        await other.JoinAsync(auth: "{\"user\":\"bob\"}");
    }

    [Fact]
    public async Task A_disconnect_gives_the_slot_back()
    {
        await using var server = await StartAsync(max: 1);
        await using var first = await RawSocketIoClient.ConnectAsync(server);
        await using var second = await RawSocketIoClient.ConnectAsync(server);
        await first.JoinAsync(auth: "{\"user\":\"alice\"}");
        await second.SendAsync("40{\"user\":\"alice\"}");
        (await second.ReceiveTextAsync()).Should().StartWith("44");

        await first.SendAsync("41");
        await Eventually.TrueAsync(() => server.Io.UserConnections!.CountOf("alice") == 0);

        await second.JoinAsync(auth: "{\"user\":\"alice\"}");
        server.Io.UserConnections!.CountOf("alice").Should().Be(1);
    }

    [Fact]
    public async Task A_dropped_connection_gives_every_slot_back()
    {
        await using var server = await StartAsync(max: 5);
        var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync(auth: "{\"user\":\"alice\"}");
        await client.JoinAsync("/chat", "{\"user\":\"alice\"}");
        server.Io.UserConnections!.CountOf("alice").Should().Be(2);

        client.Abort();
        await client.DisposeAsync();

        await Eventually.TrueAsync(() => server.Io.UserConnections!.KeyCount == 0);
    }

    [Fact]
    public async Task Unauthenticated_sockets_are_not_counted()
    {
        await using var server = await StartAsync(max: 1);
        await using var first = await RawSocketIoClient.ConnectAsync(server);
        await using var second = await RawSocketIoClient.ConnectAsync(server);

        await first.JoinAsync();
        await second.JoinAsync();

        server.Io.UserConnections!.KeyCount.Should().Be(0);
    }

    [Fact]
    public async Task Null_means_no_limit()
    {
        await using var server = await SocketIoTestServer.StartAsync(o => o.Sockets.Use(AuthenticateFromPayload), o => o.MaxConnectionsPerUser = null);
        await using var first = await RawSocketIoClient.ConnectAsync(server);
        await using var second = await RawSocketIoClient.ConnectAsync(server);

        await first.JoinAsync(auth: "{\"user\":\"alice\"}");
        await second.JoinAsync(auth: "{\"user\":\"alice\"}");
        server.Io.UserConnections.Should().BeNull();
    }

    [Theory]
    [InlineData(ClaimTypes.NameIdentifier, "id-1", "id-1")]
    [InlineData("sub", "subject", "subject")]
    [InlineData(ClaimTypes.Name, "named", "named")]
    public void The_user_key_is_the_name_identifier_else_sub_else_the_name(string claim, string value, string expected)
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(claim, value)], "Test"));

        SocketUserKey.Of(user).Should().Be(expected);
        SocketUserKey.Of(new ClaimsPrincipal(new ClaimsIdentity([new Claim(claim, value)]))).Should().BeNull();
    }

    private static Task<SocketIoTestServer> StartAsync(int max) =>
        SocketIoTestServer.StartAsync(
            io =>
            {
                io.Sockets.Use(AuthenticateFromPayload);
                io.Of("/chat").Use(AuthenticateFromPayload);
            },
            o => o.MaxConnectionsPerUser = max);

    /// <summary>Stands for an authenticator: the user named by <c>auth.user</c>.</summary>
    private static ValueTask AuthenticateFromPayload(Socket socket, CancellationToken cancellationToken)
    {
        if (socket.Handshake.Auth.TryGetProperty("user", out var user))
        {
            socket.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.GetString()!)], "Test"));
        }

        return ValueTask.CompletedTask;
    }
}
