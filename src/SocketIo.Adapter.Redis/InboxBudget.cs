namespace SocketIo.Adapter.Redis;

/// <summary>
/// The bytes of received messages a namespace's adapter has queued and not yet handled, bounded by
/// <see cref="RedisAdapterOptions.MaxInboxBytes"/>: when the node handles messages slower than Redis delivers them,
/// the excess is dropped (and counted) instead of growing the queue without end. Lock-free: taken on the Redis
/// client's reading loop, returned by the adapter's reader.
/// </summary>
internal sealed class InboxBudget(long limit)
{
    private long _bytes;

    /// <summary>The bytes taken and not returned.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>
    /// Takes room for a message of <paramref name="bytes"/>; false when it would take the inbox past the limit (an
    /// empty inbox always takes one message, so a message larger than the limit is still handled).
    /// </summary>
    public bool TryTake(int bytes)
    {
        var total = Interlocked.Add(ref _bytes, bytes);
        if (total > limit && total != bytes)
        {
            Interlocked.Add(ref _bytes, -bytes);
            return false;
        }

        return true;
    }

    /// <summary>The message was handled (or never queued).</summary>
    public void Return(int bytes) => Interlocked.Add(ref _bytes, -bytes);
}
