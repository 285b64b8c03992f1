using SocketIo.Server.Tests.JwtBearer;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Security.ThreatTable;

/// <summary>
/// §6 row 23 (P0), per-namespace authorization: a client authorised for <c>/</c> CONNECTs <c>/admin</c> →
/// <c>44/admin,{"message":...}</c>; its <c>/</c> socket is unaffected.
/// </summary>
public sealed class Row23PerNamespaceAuthzTests
{
    [Fact]
    public async Task Row_23_user_authorised_for_main_connecting_admin_gets_forbidden_and_main_socket_unaffected()
    {
        await using var server = await JwtTestServer.StartAsync(io =>
        {
            io.OnConnection(socket => socket.On("ping", () => "pong"));
            io.Of("/admin").RequireAuthorization("admins");
        });
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        var token = TestJwt.Create("ada");
        var sid = await client.JoinAsync("/", TestJwt.Auth(token));

        await client.SendAsync("40/admin," + TestJwt.Auth(token));

        (await client.ReceiveTextAsync()).Should().Be("44/admin,{\"message\":\"forbidden\"}");
        server.Io.Of("/admin").Sockets.Should().BeEmpty();
        server.Io.Sockets.Sockets[sid].Connected.Should().BeTrue();
        await client.SendAsync("421[\"ping\"]");
        (await client.ReceiveTextAsync()).Should().Be("431[\"pong\"]");
    }

    [Fact]
    public async Task Row_23_unauthenticated_connect_to_admin_gets_unauthorized_and_main_socket_unaffected()
    {
        await using var server = await JwtTestServer.StartAsync(
            io =>
            {
                io.OnConnection(socket => socket.On("ping", () => "pong"));
                io.Of("/admin").RequireAuthorization("admins");
            },
            jwt: o => o.RequireToken = false);
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        var sid = await client.JoinAsync();

        await client.SendAsync("40/admin,");

        (await client.ReceiveTextAsync()).Should().Be("44/admin,{\"message\":\"unauthorized\"}");
        server.Io.Sockets.Sockets[sid].Connected.Should().BeTrue();
        await client.SendAsync("421[\"ping\"]");
        (await client.ReceiveTextAsync()).Should().Be("431[\"pong\"]");
    }

    [Fact]
    public async Task Row_23_admin_token_joins_admin_next_to_main()
    {
        await using var server = await JwtTestServer.StartAsync(io => io.Of("/admin").RequireAuthorization("admins"));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        var token = TestJwt.Create("root", claims: [new System.Security.Claims.Claim("role", "admin")]);

        var main = await client.JoinAsync("/", TestJwt.Auth(token));
        var admin = await client.JoinAsync("/admin", TestJwt.Auth(token));

        server.Io.Of("/admin").Sockets[admin].User.IsInRole("admin").Should().BeTrue();
        server.Io.Sockets.Sockets.Should().ContainKey(main);
    }
}
