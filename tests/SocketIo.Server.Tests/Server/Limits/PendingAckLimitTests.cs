using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server.Limits;

/// <summary><see cref="SocketIoServerOptions.MaxPendingAcksPerSocket"/>.</summary>
public sealed class PendingAckLimitTests
{
    [Fact]
    public async Task Emit_with_ack_past_the_limit_fails_at_once_without_sending()
    {
        var connected = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(connected.SetResult), o => o.MaxPendingAcksPerSocket = 2);
        await using var client = await RawSocketIoClient.ConnectAsync(server);
        await client.JoinAsync();
        var socket = await connected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var first = socket.EmitWithAckAsync("q", [1]);
        var second = socket.EmitWithAckAsync("q", [2]);
        var third = socket.EmitWithAckAsync("q", [3]);

        (await third.Invoking(t => t).Should().ThrowAsync<SocketIoLimitExceededException>())
            .Which.Limit.Should().Be(nameof(SocketIoServerOptions.MaxPendingAcksPerSocket));
        (await client.ReceiveTextAsync()).Should().Be("420[\"q\",1]");
        (await client.ReceiveTextAsync()).Should().Be("421[\"q\",2]");

        // An answer frees a slot.
        await client.SendAsync("430[\"ok\"]");
        (await first.WaitAsync(TimeSpan.FromSeconds(10))).GetValue<string>(0).Should().Be("ok");
        _ = socket.EmitWithAckAsync("q", [4]);
        (await client.ReceiveTextAsync()).Should().MatchRegex("^42\\d+\\[\"q\",4\\]$");
        second.IsCompleted.Should().BeFalse();
    }

    [Fact]
    public async Task A_broadcast_with_acks_leaves_out_a_socket_at_the_limit()
    {
        var sockets = new List<Socket>();
        await using var server = await SocketIoTestServer.StartAsync(io => io.OnConnection(s => { lock (sockets) { sockets.Add(s); } }), o => o.MaxPendingAcksPerSocket = 1);
        await using var busy = await RawSocketIoClient.ConnectAsync(server);
        await using var idle = await RawSocketIoClient.ConnectAsync(server);
        var busyId = await busy.JoinAsync();
        await idle.JoinAsync();
        await Eventually.TrueAsync(() => { lock (sockets) { return sockets.Count == 2; } });
        _ = server.Io.Sockets.Sockets[busyId].EmitWithAckAsync("q");
        (await busy.ReceiveTextAsync()).Should().StartWith("42");

        var answers = server.Io.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("all");
        var frame = await idle.ReceiveTextAsync();
        frame.Should().MatchRegex("^42\\d+\\[\"all\"\\]$");
        await idle.SendAsync("43" + frame[2..frame.IndexOf('[', StringComparison.Ordinal)] + "[\"idle\"]");

        (await answers.WaitAsync(TimeSpan.FromSeconds(10))).Select(a => a?.ToString()).Should().Equal("idle");
    }
}
