namespace SocketIo.Server;

/// <summary>
/// A large set of listeners with its listeners grouped by event, so that finding an event's listeners does not scan
/// them all. Built once per change of the set, never changed.
/// </summary>
internal sealed class ListenerIndex
{
    public ListenerIndex(EventListener[] all)
    {
        All = all;
        var byEvent = new Dictionary<string, List<EventListener>>(StringComparer.Ordinal);
        foreach (var listener in all)
        {
            if (!byEvent.TryGetValue(listener.EventName, out var listeners))
            {
                listeners = [];
                byEvent.Add(listener.EventName, listeners);
            }

            listeners.Add(listener);
        }

        ByEvent = new Dictionary<string, EventListener[]>(byEvent.Count, StringComparer.Ordinal);
        foreach (var (eventName, listeners) in byEvent)
        {
            ByEvent.Add(eventName, [.. listeners]);
        }
    }

    /// <summary>Every listener, in registration order.</summary>
    public EventListener[] All { get; }

    /// <summary>The listeners of each event, in registration order.</summary>
    public Dictionary<string, EventListener[]> ByEvent { get; }
}
