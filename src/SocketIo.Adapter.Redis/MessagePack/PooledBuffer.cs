using System.Buffers;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// A growable list in a pooled array, for entries that must be counted before their container's header is written.
/// Dispose it to give the array back (cleared, so it keeps no references alive).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal struct PooledBuffer<T> : IDisposable
{
    private T[] _items;
    private int _count;

    /// <summary>Creates a buffer.</summary>
    /// <param name="capacity">The expected number of items.</param>
    public PooledBuffer(int capacity)
    {
        _items = ArrayPool<T>.Shared.Rent(Math.Max(capacity, 4));
        _count = 0;
    }

    /// <summary>The number of items added.</summary>
    public readonly int Count => _count;

    /// <summary>The items added.</summary>
    public readonly Span<T> Items => _items.AsSpan(0, _count);

    /// <summary>Adds an item.</summary>
    /// <param name="item">The item.</param>
    public void Add(T item)
    {
        if (_count == _items.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(_items.Length * 2);
            _items.AsSpan(0, _count).CopyTo(larger);
            ArrayPool<T>.Shared.Return(_items, clearArray: true);
            _items = larger;
        }

        _items[_count++] = item;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_items is not null)
        {
            ArrayPool<T>.Shared.Return(_items, clearArray: true);
            _items = null!;
        }
    }
}
