using SocketIo.Server.Parsing;

namespace SocketIo.Server;

/// <summary>
/// Listeners by event name, several per event, in registration order. Copy-on-write and lock-free: dispatch reads a
/// snapshot, so listeners may add or remove listeners while running.
/// </summary>
/// <remarks>
/// Every socket has one, usually with a handful of listeners: they are kept as one array searched linearly (a
/// dictionary with an array per event cost several times as much per socket). Past <see cref="LinearLimit"/>
/// listeners the snapshot also groups them by event.
/// </remarks>
internal sealed class ListenerSet
{
    internal const int LinearLimit = 8;

    // Registration ids are unique across sets, so that a set needs no counter of its own.
    private static long s_nextId;

    // An EventListener[] (registration order) up to LinearLimit listeners, a ListenerIndex beyond. Never changed in
    // place, only replaced.
    private object _snapshot = Array.Empty<EventListener>();

    public IDisposable Add(string eventName, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        var listener = new EventListener(eventName, handler, ListenerBinder.Bind(handler), Interlocked.Increment(ref s_nextId));
        Update(static (all, added) => [.. all, added], listener);
        return new Registration(this, listener.Id);
    }

    /// <summary>Removes <paramref name="handler"/> (or, when null, every listener) of <paramref name="eventName"/>.</summary>
    public void Remove(string eventName, Delegate? handler) =>
        Update(
            static (all, removed) => Without(all, l => l.EventName == removed.eventName && (removed.handler is null || l.Handler.Equals(removed.handler))),
            (eventName, handler));

    public EventListeners Get(string eventName)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is EventListener[] all)
        {
            return new EventListeners(all, eventName);
        }

        return ((ListenerIndex)snapshot).ByEvent.TryGetValue(eventName, out var listeners)
            ? new EventListeners(listeners, null)
            : new EventListeners([], null);
    }

    public bool Has(string eventName) => Find(eventName) is not null;

    /// <summary>The event name a listener is registered under that equals <paramref name="eventName"/>, or null.</summary>
    public string? Find(ReadOnlySpan<char> eventName)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is EventListener[] all)
        {
            foreach (var listener in all)
            {
                if (eventName.SequenceEqual(listener.EventName))
                {
                    return listener.EventName;
                }
            }

            return null;
        }

        return ((ListenerIndex)snapshot).ByEvent.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(eventName, out var name, out _) ? name : null;
    }

    /// <summary>
    /// The name of a decoded EVENT, as the string a listener registered under when there is one, so a steady stream
    /// of known events allocates no names.
    /// </summary>
    /// <param name="packet">An EVENT with a name.</param>
    public string EventNameOf(SocketIoPacket packet)
    {
        const int StackLimit = 256;
        if (packet.EventNameMaxLength > StackLimit)
        {
            return packet.GetEventName();
        }

        Span<char> buffer = stackalloc char[StackLimit];
        var name = buffer[..packet.CopyEventName(buffer)];
        return Find(name) ?? name.ToString();
    }

    /// <summary>Copies every listener of <paramref name="source"/> in (a child namespace inheriting its parent's).</summary>
    public void CopyFrom(ListenerSet source) =>
        Volatile.Write(ref _snapshot, Volatile.Read(ref source._snapshot)); // snapshots are immutable: shared, not copied

    private void Remove(long id) => Update(static (all, id) => Without(all, l => l.Id == id), id);

    private static EventListener[]? Without(EventListener[] all, Predicate<EventListener> removed)
    {
        var kept = Array.FindAll(all, l => !removed(l));
        return kept.Length == all.Length ? null : kept;
    }

    /// <summary>Replaces the snapshot with <paramref name="change"/>'s result (null: no change), retrying on a race.</summary>
    private void Update<TArgument>(Func<EventListener[], TArgument, EventListener[]?> change, TArgument argument)
    {
        var seen = Volatile.Read(ref _snapshot);
        while (true)
        {
            var changed = change(seen as EventListener[] ?? ((ListenerIndex)seen).All, argument);
            if (changed is null)
            {
                return;
            }

            object next = changed.Length <= LinearLimit ? changed : new ListenerIndex(changed);
            var current = Interlocked.CompareExchange(ref _snapshot, next, seen);
            if (ReferenceEquals(current, seen))
            {
                return;
            }

            seen = current;
        }
    }

    private sealed class Registration(ListenerSet owner, long id) : IDisposable
    {
        public void Dispose() => owner.Remove(id);
    }
}
