using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server.Limits;

/// <summary>
/// <see cref="SocketIoServerOptions.InboundRateLimit"/>: a token bucket per connection, one permit per packet (CONNECT
/// included, a binary packet once), on the server's clock.
/// </summary>
public sealed class InboundRateLimitTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task Disconnect_sends_a_disconnect_then_closes_with_the_rate_limit_reason()
    {
        var reason = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(RateLimitAction.Disconnect, 3, io => io.OnConnection(socket =>
        {
            socket.On("ping", () => "pong");
            socket.On("disconnect", (string why) => reason.TrySetResult(why));
        }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        // The CONNECT took one of the three permits.
        await client.SendAsync("421[\"ping\"]");
        (await client.ReceiveTextAsync()).Should().Be("431[\"pong\"]");
        await client.SendAsync("422[\"ping\"]");
        (await client.ReceiveTextAsync()).Should().Be("432[\"pong\"]");
        await client.SendAsync("423[\"ping\"]");

        (await client.ReceiveTextAsync()).Should().Be("41");
        await client.WaitForCloseAsync();
        (await reason.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(DisconnectReason.RateLimitExceeded);
    }

    [Fact]
    public async Task Disconnect_reaches_every_namespace_of_the_connection()
    {
        await using var server = await StartAsync(RateLimitAction.Disconnect, 2, io => io.Of("/admin"));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        await client.JoinAsync("/admin");

        await client.SendAsync("42[\"flood\"]");

        var frames = new[] { await client.ReceiveTextAsync(), await client.ReceiveTextAsync() };
        frames.Should().BeEquivalentTo(["41", "41/admin,"]);
        await client.WaitForCloseAsync();
    }

    [Fact]
    public async Task Drop_ignores_packets_over_the_limit_until_permits_come_back()
    {
        var connected = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(RateLimitAction.Drop, 3, io => io.OnConnection(socket =>
        {
            socket.On("ping", (int n) => n);
            connected.TrySetResult(socket);
        }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        var socket = await connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await client.SendAsync("421[\"ping\",1]");
        await client.SendAsync("422[\"ping\",2]");
        (await client.ReceiveTextAsync()).Should().Be("431[1]");
        (await client.ReceiveTextAsync()).Should().Be("432[2]");

        await client.SendAsync("423[\"ping\",3]");
        await DroppedAsync(socket, 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        await client.SendAsync("424[\"ping\",4]");

        (await client.ReceiveTextAsync()).Should().Be("434[4]");
    }

    [Fact]
    public async Task Drop_skips_the_attachments_of_a_dropped_binary_packet_and_the_connection_stays_usable()
    {
        var connected = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await StartAsync(RateLimitAction.Drop, 2, io => io.OnConnection(socket =>
        {
            socket.On("size", (byte[] data) => data.Length);
            connected.TrySetResult(socket);
        }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        var socket = await connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await client.SendAsync("451-1[\"size\",{\"_placeholder\":true,\"num\":0}]");
        await client.SendBinaryAsync([1, 2, 3]);
        (await client.ReceiveTextAsync()).Should().Be("431[3]");

        // Over the limit: the header and its two attachments go, unread.
        await client.SendAsync("452-2[\"size\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        await client.SendBinaryAsync([1]);
        await client.SendBinaryAsync([2]);
        await DroppedAsync(socket, 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        await client.SendAsync("451-3[\"size\",{\"_placeholder\":true,\"num\":0}]");
        await client.SendBinaryAsync([1, 2, 3, 4]);

        (await client.ReceiveTextAsync()).Should().Be("433[4]");
    }

    [Fact]
    public async Task Error_drops_the_packet_and_raises_the_error_event_of_every_socket()
    {
        var errors = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = 0;
        await using var server = await StartAsync(RateLimitAction.Error, 2, io => io.OnConnection(socket =>
        {
            socket.On("ev", () => Interlocked.Increment(ref events));
            socket.On("error", (SocketIoArguments args) => errors.TrySetResult((Exception)args[0]!));
        }));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        await client.SendAsync("42[\"ev\"]");
        await client.SendAsync("42[\"ev\"]");

        var error = await errors.Task.WaitAsync(TimeSpan.FromSeconds(10));

        error.Should().BeOfType<RateLimitExceededException>();
        events.Should().Be(1);
        client.State.Should().Be(System.Net.WebSockets.WebSocketState.Open);
    }

    [Fact]
    public async Task Connect_packets_count()
    {
        await using var server = await StartAsync(RateLimitAction.Disconnect, 2, io => io.Of("/a"));
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        await client.JoinAsync("/a");

        await client.SendAsync("40/b,");

        (await client.ReceiveTextAsync()).Should().BeOneOf("41", "41/a,");
    }

    [Fact]
    public async Task Null_turns_the_limit_off()
    {
        var events = 0;
        await using var server = await SocketIoTestServer.StartAsync(
            io => io.OnConnection(socket => socket.On("ev", () => Interlocked.Increment(ref events))),
            o => o.InboundRateLimit = null,
            time: _time);
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();

        for (var i = 0; i < 1_500; i++)
        {
            await client.SendAsync("42[\"ev\"]");
        }

        await Eventually.TrueAsync(() => Volatile.Read(ref events) == 1_500);
    }

    /// <summary>Waits until the server has dropped <paramref name="count"/> packets: only then may the clock move.</summary>
    private static Task DroppedAsync(Socket socket, long count) =>
        Eventually.TrueAsync(() => ((ClientConnection)socket.Connection.State!).DroppedPackets == count);

    private Task<SocketIoTestServer> StartAsync(RateLimitAction action, int burst, Action<SocketIoServer> configureIo) =>
        SocketIoTestServer.StartAsync(
            configureIo,
            o => o.InboundRateLimit = new SocketRateLimitOptions { Burst = burst, PermitsPerSecond = 1, Action = action },
            time: _time);
}
