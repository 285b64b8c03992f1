using SocketIo.Adapter.Redis.Tests.Sharded.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Sharded;

/// <summary>A node that handles messages slower than Redis delivers them holds at most MaxInboxBytes of them.</summary>
public sealed class ShardedInboxBoundTests : ShardedClusterTestBase
{
    private const int Burst = 20;

    [Fact]
    public async Task Messages_past_the_inbox_bound_are_dropped_and_counted_and_the_node_recovers()
    {
        using var handlerBlocked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var a = await StartNodeAsync(RedisSubscriptionMode.Static);
        var b = await StartNodeAsync(RedisSubscriptionMode.Static, configure: o => o.MaxInboxBytes = 50_000);
        var onB = await ConnectAsync(b);

        // Delivering "block" on b stalls b's adapter: its reader is the one calling this listener.
        b.Io.Sockets.Sockets[onB.Id].OnAnyOutgoing((name, _) =>
        {
            if (name == "block")
            {
                handlerBlocked.Set();
                release.Wait(TimeSpan.FromSeconds(10));
            }
        });

        await a.Io.EmitAsync("block");
        handlerBlocked.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();
        var payload = new string('x', 10_000);
        for (var i = 0; i < Burst; i++)
        {
            await a.Io.EmitAsync("big", [i, payload]);
        }

        await Eventually.TrueAsync(() => b.Metrics.Dropped("inbox full") >= Burst - 5);
        release.Set();
        await Eventually.TrueAsync(() => b.Adapter().InboxBytes == 0);
        await a.Io.EmitAsync("after");

        (await onB.NextEventAsync()).Name.Should().Be("block");
        var received = 0;
        while ((await onB.NextEventAsync()) is { Name: "big" })
        {
            received++;
        }

        received.Should().BeInRange(1, 5, "50 KB holds a few 10 KB messages");
        (received + b.Metrics.Dropped("inbox full")).Should().Be(Burst);
    }
}
