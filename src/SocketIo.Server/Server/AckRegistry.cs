namespace SocketIo.Server;

/// <summary>
/// The acknowledgements a socket waits for, by ack id. Each completes at most once: by the client's ACK, by its
/// deadline, or by the socket going away. Callbacks run outside the lock.
/// </summary>
internal sealed class AckRegistry
{
    private readonly Lock _lock = new();
    private Dictionary<long, Pending>? _pending; // created by the first ack waited for: most sockets never wait for one
    private readonly TimeProvider _time;
    private readonly int _max;
    private bool _closed;

    /// <summary>Creates the registry of one socket.</summary>
    /// <param name="time">The clock of the deadlines.</param>
    /// <param name="max">The most acknowledgements waited for at once; null for no limit.</param>
    public AckRegistry(TimeProvider time, int? max = null)
    {
        _time = time;
        _max = max ?? int.MaxValue;
    }

    /// <summary>A registry that is closed already: shared by every disconnected socket, as it keeps nothing.</summary>
    public static AckRegistry Closed { get; } = CreateClosed();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pending?.Count ?? 0;
            }
        }
    }

    /// <summary>
    /// Waits for ack <paramref name="id"/>: <paramref name="onAck"/> with its arguments, or <paramref name="onExpired"/>
    /// after <paramref name="timeout"/> (with false) or when the socket closes (with true). Returns false, and waits
    /// for nothing, when as many acknowledgements as allowed are pending already.
    /// </summary>
    public bool Expect(long id, TimeSpan? timeout, Action<SocketIoArguments> onAck, Action<bool>? onExpired)
    {
        var pending = new Pending(onAck, onExpired);
        bool closed;
        lock (_lock)
        {
            closed = _closed;
            if (!closed)
            {
                _pending ??= [];
                if (_pending.Count >= _max)
                {
                    return false;
                }

                _pending[id] = pending;
            }
        }

        if (closed)
        {
            onExpired?.Invoke(true);
            return true;
        }

        if (timeout is { } delay)
        {
            pending.Timer = _time.CreateTimer(
                static state =>
                {
                    var (registry, ackId) = ((AckRegistry, long))state!;
                    registry.Expire(ackId);
                },
                (this, id),
                delay,
                System.Threading.Timeout.InfiniteTimeSpan);
        }

        return true;
    }

    /// <summary>Completes ack <paramref name="id"/>; unknown or already completed ids are ignored, as socket.io does.</summary>
    public void Complete(long id, SocketIoArguments arguments)
    {
        Pending? pending;
        lock (_lock)
        {
            pending = null;
            _pending?.Remove(id, out pending);
        }

        if (pending is not null)
        {
            pending.Timer?.Dispose();
            pending.OnAck(arguments);
        }
    }

    /// <summary>The caller stopped waiting for ack <paramref name="id"/>; a late answer is then ignored.</summary>
    public void Forget(long id)
    {
        Pending? pending;
        lock (_lock)
        {
            pending = null;
            _pending?.Remove(id, out pending);
        }

        pending?.Timer?.Dispose();
    }

    /// <summary>The socket is gone: every pending ack expires now.</summary>
    public void Close()
    {
        Pending[] all;
        lock (_lock)
        {
            _closed = true;
            all = _pending is null ? [] : [.. _pending.Values];
            _pending = null;
        }

        foreach (var pending in all)
        {
            pending.Timer?.Dispose();
            pending.OnExpired?.Invoke(true);
        }
    }

    private static AckRegistry CreateClosed()
    {
        var registry = new AckRegistry(TimeProvider.System);
        registry.Close();
        return registry;
    }

    private void Expire(long id)
    {
        Pending? pending;
        lock (_lock)
        {
            pending = null;
            _pending?.Remove(id, out pending);
        }

        if (pending is not null)
        {
            pending.Timer?.Dispose();
            pending.OnExpired?.Invoke(false);
        }
    }

    private sealed class Pending(Action<SocketIoArguments> onAck, Action<bool>? onExpired)
    {
        public Action<SocketIoArguments> OnAck { get; } = onAck;

        public Action<bool>? OnExpired { get; } = onExpired;

        public ITimer? Timer { get; set; }
    }
}
