using SocketIo.Server.Engine;

namespace SocketIo.Server.Tests.Engine;

public class ConnectionCounterTests
{
    [Fact]
    public void Acquire_stops_at_the_maximum_and_release_makes_room()
    {
        var counter = new ConnectionCounter<string>(2);

        counter.TryAcquire("a").Should().BeTrue();
        counter.TryAcquire("a").Should().BeTrue();
        counter.TryAcquire("a").Should().BeFalse();
        counter.TryAcquire("b").Should().BeTrue();
        counter.CountOf("a").Should().Be(2);

        counter.Release("a");
        counter.TryAcquire("a").Should().BeTrue();
    }

    [Fact]
    public void A_key_without_connections_leaves_the_table()
    {
        var counter = new ConnectionCounter<string>(5);
        counter.TryAcquire("a");
        counter.TryAcquire("a");

        counter.Release("a");
        counter.Release("a");

        counter.KeyCount.Should().Be(0);
        counter.CountOf("a").Should().Be(0);
    }

    [Fact]
    public async Task Concurrent_acquires_and_releases_never_pass_the_maximum_and_end_at_zero()
    {
        const int max = 3;
        var counter = new ConnectionCounter<string>(max);
        var held = 0;
        var overshoot = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                if (!counter.TryAcquire("k"))
                {
                    continue;
                }

                if (Interlocked.Increment(ref held) > max)
                {
                    Interlocked.Exchange(ref overshoot, 1);
                }

                Interlocked.Decrement(ref held);
                counter.Release("k");
            }
        })));

        overshoot.Should().Be(0);
        counter.KeyCount.Should().Be(0);
    }
}
