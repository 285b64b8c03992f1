using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.JwtBearer;

/// <summary>A socket lives as long as its token is acceptable: until exp plus the host's clock skew.</summary>
public sealed class JwtHandshakeExpiryTests
{
    [Fact]
    public async Task A_socket_is_disconnected_when_its_token_stops_being_valid_and_not_before()
    {
        var time = new ManualTimeProvider();
        var (server, client, connected) = await ConnectAsync(time, disconnectOnExpiry: true);
        await using var _ = server;
        await using var __ = client;

        time.Advance(TimeSpan.FromMinutes(10)); // exp reached, but within the host's 1-minute skew
        server.Io.Sockets.Sockets.Should().ContainKey(connected.Id);
        time.Advance(TimeSpan.FromMinutes(1.5));

        (await client.ReceiveTextAsync()).Should().Be("41");
        connected.Connected.Should().BeFalse();
    }

    [Fact]
    public async Task With_the_option_off_the_socket_outlives_its_token()
    {
        var time = new ManualTimeProvider();
        var (server, client, connected) = await ConnectAsync(time, disconnectOnExpiry: false);
        await using var _ = server;
        await using var __ = client;

        time.Advance(TimeSpan.FromHours(2));

        connected.Connected.Should().BeTrue();
    }

    private static async Task<(SocketIoTestServer Server, RawSocketIoClient Client, Socket Socket)> ConnectAsync(ManualTimeProvider time, bool disconnectOnExpiry)
    {
        var joined = new TaskCompletionSource<Socket>();
        var server = await JwtTestServer.StartAsync(
            io => io.OnConnection(s => joined.TrySetResult(s)),
            jwt: o => o.DisconnectOnTokenExpiry = disconnectOnExpiry,
            time: time,
            configureEngine: e => e.PingInterval = TimeSpan.FromDays(1));
        var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync("/", TestJwt.Auth(TestJwt.Create("ada", expires: DateTime.UtcNow.AddMinutes(10))));
        var socket = await joined.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the expiry timer is armed by then
        return (server, client, socket);
    }
}
