namespace SocketIo.Server;

/// <summary>
/// The listeners of one event in registration order, read from a snapshot without copying: either the listeners of
/// that event only, or every listener of the set with the others skipped.
/// </summary>
internal readonly struct EventListeners
{
    private readonly EventListener[] _listeners;
    private readonly string? _eventName; // null: every listener of the array is one of the event's

    internal EventListeners(EventListener[] listeners, string? eventName)
    {
        _listeners = listeners;
        _eventName = eventName;
    }

    public Enumerator GetEnumerator() => new(_listeners, _eventName);

    public struct Enumerator
    {
        private readonly EventListener[] _listeners;
        private readonly string? _eventName;
        private int _index;

        internal Enumerator(EventListener[] listeners, string? eventName)
        {
            _listeners = listeners;
            _eventName = eventName;
            _index = -1;
        }

        public readonly EventListener Current => _listeners[_index];

        public bool MoveNext()
        {
            while (++_index < _listeners.Length)
            {
                if (_eventName is null || string.Equals(_listeners[_index].EventName, _eventName, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
