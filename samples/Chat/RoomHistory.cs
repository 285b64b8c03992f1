namespace Chat;

/// <summary>
/// The last messages of each room handled by this node, in memory. It lets a client that comes back after the
/// server restarted (connection state recovery is lost with the process) catch up on what was said since, e.g. the
/// messages other clients had buffered while offline and delivered before this one reconnected.
/// </summary>
internal sealed class RoomHistory
{
    public const int MessagesPerRoom = 50;
    public const int MaxRooms = 1_000;

    private readonly Dictionary<string, Queue<ChatMessage>> _rooms = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Add(ChatMessage message)
    {
        lock (_lock)
        {
            if (!_rooms.TryGetValue(message.Room, out var messages))
            {
                if (_rooms.Count >= MaxRooms)
                {
                    EvictQuietestRoom();
                }

                _rooms[message.Room] = messages = new Queue<ChatMessage>(MessagesPerRoom);
            }

            if (messages.Count == MessagesPerRoom)
            {
                messages.Dequeue();
            }

            messages.Enqueue(message);
        }
    }

    /// <summary>The room's last messages, oldest first.</summary>
    public IReadOnlyList<ChatMessage> Recent(string room)
    {
        lock (_lock)
        {
            return _rooms.TryGetValue(room, out var messages) ? [.. messages] : [];
        }
    }

    // Messages are added in time order, so a room's last message is its newest.
    private void EvictQuietestRoom()
    {
        var quietest = _rooms.MinBy(r => r.Value.Count == 0 ? "" : r.Value.Last().At).Key;
        _rooms.Remove(quietest);
    }
}
