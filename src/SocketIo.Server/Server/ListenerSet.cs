namespace SocketIo.Server;

/// <summary>
/// Listeners by event name, several per event, in registration order. Copy-on-write: dispatch reads a snapshot
/// without a lock, so listeners may add or remove listeners while running.
/// </summary>
internal sealed class ListenerSet
{
    // Never changed in place (copy-on-write), so every set can start from the same empty one.
    private static readonly Dictionary<string, Listener[]> NoListeners = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private Dictionary<string, Listener[]> _byEvent = NoListeners;

    public IDisposable Add(string eventName, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        var listener = new Listener(handler, ListenerBinder.Bind(handler));
        lock (_lock)
        {
            var copy = new Dictionary<string, Listener[]>(_byEvent, StringComparer.Ordinal);
            copy[eventName] = copy.TryGetValue(eventName, out var existing) ? [.. existing, listener] : [listener];
            _byEvent = copy;
        }

        return new Registration(this, eventName, listener);
    }

    /// <summary>Removes <paramref name="handler"/> (or, when null, every listener) of <paramref name="eventName"/>.</summary>
    public void Remove(string eventName, Delegate? handler)
    {
        lock (_lock)
        {
            if (!_byEvent.TryGetValue(eventName, out var existing))
            {
                return;
            }

            var copy = new Dictionary<string, Listener[]>(_byEvent, StringComparer.Ordinal);
            var kept = handler is null ? [] : Array.FindAll(existing, l => !l.Handler.Equals(handler));
            if (kept.Length == 0)
            {
                copy.Remove(eventName);
            }
            else
            {
                copy[eventName] = kept;
            }

            _byEvent = copy;
        }
    }

    public Listener[]? Get(string eventName) => Volatile.Read(ref _byEvent).GetValueOrDefault(eventName);

    public bool Has(string eventName) => Volatile.Read(ref _byEvent).ContainsKey(eventName);

    /// <summary>Copies every listener of <paramref name="source"/> in (a child namespace inheriting its parent's).</summary>
    public void CopyFrom(ListenerSet source)
    {
        lock (_lock)
        {
            _byEvent = new Dictionary<string, Listener[]>(Volatile.Read(ref source._byEvent), StringComparer.Ordinal);
        }
    }

    private void Remove(string eventName, Listener listener)
    {
        lock (_lock)
        {
            if (!_byEvent.TryGetValue(eventName, out var existing))
            {
                return;
            }

            var copy = new Dictionary<string, Listener[]>(_byEvent, StringComparer.Ordinal);
            var kept = Array.FindAll(existing, l => !ReferenceEquals(l, listener));
            if (kept.Length == 0)
            {
                copy.Remove(eventName);
            }
            else
            {
                copy[eventName] = kept;
            }

            _byEvent = copy;
        }
    }

    internal sealed record Listener(Delegate Handler, Func<Delegate, EventInvocation, ValueTask> Invoker)
    {
        public ValueTask Invoke(EventInvocation invocation) => Invoker(Handler, invocation);
    }

    private sealed class Registration(ListenerSet owner, string eventName, Listener listener) : IDisposable
    {
        public void Dispose() => owner.Remove(eventName, listener);
    }
}
