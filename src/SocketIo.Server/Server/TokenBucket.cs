namespace SocketIo.Server;

/// <summary>
/// A token bucket on one connection's inbound packets: full at start, refilled from the clock on each take, so it
/// needs no timer and allocates nothing. Not thread-safe: the engine hands a connection's messages over one at a
/// time, as the packet decoder also relies on.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _capacity;
    private readonly double _perSecond;
    private double _tokens;
    private long _refilledAt;

    public TokenBucket(SocketRateLimitOptions options, TimeProvider time)
    {
        _time = time;
        _capacity = options.Burst;
        _perSecond = options.PermitsPerSecond;
        _tokens = _capacity;
        _refilledAt = time.GetTimestamp();
    }

    /// <summary>Takes a permit; false when none is left.</summary>
    public bool TryTake()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_refilledAt, now).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(_capacity, _tokens + (elapsed * _perSecond));
            _refilledAt = now;
        }

        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}
