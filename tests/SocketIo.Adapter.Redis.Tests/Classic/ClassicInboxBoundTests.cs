using SocketIo.Adapter.Redis.Tests.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Classic;

/// <summary>A node that handles messages slower than Redis delivers them holds at most MaxInboxBytes of them.</summary>
public sealed class ClassicInboxBoundTests : ClassicClusterTestBase
{
    private const int Burst = 20;

    [Fact]
    public async Task Messages_past_the_inbox_bound_are_dropped_and_counted_and_the_node_recovers()
    {
        using var handlerBlocked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var a = await StartNodeAsync();
        var b = await StartNodeAsync(configureRedis: o => o.MaxInboxBytes = 50_000);
        using var metrics = new AdapterMetricsRecorder(b);
        var onB = await ConnectAsync(b);
        var socket = SocketOf(b, onB);
        socket.Join("lobby");

        // Delivering "block" on b stalls b's adapter: its reader is the one calling this listener.
        socket.OnAnyOutgoing((name, _) =>
        {
            if (name == "block")
            {
                handlerBlocked.Set();
                release.Wait(TimeSpan.FromSeconds(10));
            }
        });
        await WaitForServerCountAsync(a, 2);

        await a.Io.To("lobby").EmitAsync("block");
        handlerBlocked.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();
        var payload = new string('x', 10_000);
        for (var i = 0; i < Burst; i++)
        {
            await a.Io.To("lobby").EmitAsync("big", [i, payload]);
        }

        // Published in order on one connection: once the last one was judged, all were.
        await Eventually.TrueAsync(() => metrics.Total("socketio.redis.dropped_messages/inbox full") >= Burst - 5);
        release.Set();
        await Eventually.TrueAsync(() => AdapterOf(b).InboxBytes == 0);
        await a.Io.To("lobby").EmitAsync("after");

        await ExpectEventAsync(onB, "block");
        var received = 0;
        while ((await onB.NextEventAsync()) is { Name: "big" })
        {
            received++;
        }

        var dropped = metrics.Total("socketio.redis.dropped_messages/inbox full");
        received.Should().BeInRange(1, 5, "50 KB holds a few 10 KB messages");
        (received + dropped).Should().Be(Burst);
    }
}
