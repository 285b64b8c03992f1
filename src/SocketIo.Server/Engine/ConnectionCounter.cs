using System.Collections.Concurrent;

namespace SocketIo.Server.Engine;

/// <summary>
/// Open connections per key (a client address, a user), bounded by a maximum. A key's entry exists only while it
/// has connections, so keys a client invents cannot grow the table beyond the connections it actually holds.
/// </summary>
/// <typeparam name="TKey">What connections are counted by.</typeparam>
internal sealed class ConnectionCounter<TKey>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries;
    private readonly int _max;

    public ConnectionCounter(int max, IEqualityComparer<TKey>? comparer = null)
    {
        _max = max;
        _entries = new ConcurrentDictionary<TKey, Entry>(comparer);
    }

    /// <summary>The number of keys with at least one connection.</summary>
    public int KeyCount => _entries.Count;

    /// <summary>The connections counted for <paramref name="key"/>.</summary>
    public int CountOf(TKey key) => _entries.TryGetValue(key, out var entry) ? Volatile.Read(ref entry.Count) : 0;

    /// <summary>Counts one more connection for <paramref name="key"/>; false (and nothing counted) at the maximum.</summary>
    public bool TryAcquire(TKey key)
    {
        while (true)
        {
            var entry = _entries.GetOrAdd(key, static _ => new Entry());
            lock (entry)
            {
                // A release emptied and removed this entry after we found it: start over with a fresh one.
                if (entry.Removed)
                {
                    continue;
                }

                if (entry.Count >= _max)
                {
                    return false;
                }

                entry.Count++;
                return true;
            }
        }
    }

    /// <summary>Releases a connection <see cref="TryAcquire"/> counted; call it exactly once per success.</summary>
    public void Release(TKey key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return;
        }

        lock (entry)
        {
            if (entry.Removed || --entry.Count > 0)
            {
                return;
            }

            entry.Removed = true;
            _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry));
        }
    }

    private sealed class Entry
    {
        public int Count;
        public bool Removed;
    }
}
