using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Server.Limits;

public class TokenBucketTests
{
    [Fact]
    public void Starts_full_empties_after_the_burst_and_refills_at_the_rate()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(new SocketRateLimitOptions { Burst = 3, PermitsPerSecond = 2 }, time);

        Enumerable.Range(0, 3).Select(_ => bucket.TryTake()).ToArray().Should().AllBeEquivalentTo(true);
        bucket.TryTake().Should().BeFalse();

        time.Advance(TimeSpan.FromMilliseconds(499));
        bucket.TryTake().Should().BeFalse();
        time.Advance(TimeSpan.FromMilliseconds(1));
        bucket.TryTake().Should().BeTrue();
        bucket.TryTake().Should().BeFalse();
    }

    [Fact]
    public void Never_holds_more_than_the_burst()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(new SocketRateLimitOptions { Burst = 2, PermitsPerSecond = 100 }, time);

        time.Advance(TimeSpan.FromHours(1));

        bucket.TryTake().Should().BeTrue();
        bucket.TryTake().Should().BeTrue();
        bucket.TryTake().Should().BeFalse();
    }
}
