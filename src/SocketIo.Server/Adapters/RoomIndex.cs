using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SocketIo.Server.Adapters;

/// <summary>
/// Which local sockets are in which rooms, both ways, for one namespace. Every socket is also in the room named by
/// its own id, so "to this socket" is just another room. Lookups fill a caller's list instead of copying sets, and
/// the lock is held only while the maps are read or changed, never while anything is delivered.
/// </summary>
/// <remarks>
/// The sets are <see cref="SmallStringSet"/> values stored in the maps, changed in place through references to them:
/// a socket in its own room only costs an entry in each map and no set object.
/// </remarks>
internal sealed class RoomIndex
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SmallStringSet> _membersOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SmallStringSet> _roomsOf = new(StringComparer.Ordinal);

    /// <summary>The number of rooms with at least one member.</summary>
    public int RoomCount
    {
        get
        {
            lock (_lock)
            {
                return _membersOf.Count;
            }
        }
    }

    /// <summary>The number of sockets in at least one room.</summary>
    public int SocketCount
    {
        get
        {
            lock (_lock)
            {
                return _roomsOf.Count;
            }
        }
    }

    /// <summary>Adds the socket to the room; returns false when it already was a member.</summary>
    public bool Join(string socketId, string room) => Join(socketId, room, out _);

    /// <summary>
    /// Adds the socket to the room; returns false when it already was a member. <paramref name="roomCreated"/> tells
    /// whether the room had no member before.
    /// </summary>
    public bool Join(string socketId, string room, out bool roomCreated)
    {
        roomCreated = false;
        lock (_lock)
        {
            // Each reference is used before the other map changes: a reference into a map lasts until its next change.
            ref var rooms = ref CollectionsMarshal.GetValueRefOrAddDefault(_roomsOf, socketId, out _);
            if (!rooms.Add(room))
            {
                return false;
            }

            // A room without members is removed, so an existing entry has members.
            ref var members = ref CollectionsMarshal.GetValueRefOrAddDefault(_membersOf, room, out var existed);
            roomCreated = !existed;
            members.Add(socketId);
            return true;
        }
    }

    /// <summary>Removes the socket from the room; returns false when it was not a member. Empty rooms disappear.</summary>
    public bool Leave(string socketId, string room) => Leave(socketId, room, out _);

    /// <summary>
    /// Removes the socket from the room; returns false when it was not a member. Empty rooms disappear, and
    /// <paramref name="roomDeleted"/> tells whether this one did.
    /// </summary>
    public bool Leave(string socketId, string room, out bool roomDeleted)
    {
        roomDeleted = false;
        lock (_lock)
        {
            ref var rooms = ref CollectionsMarshal.GetValueRefOrNullRef(_roomsOf, socketId);
            if (Unsafe.IsNullRef(ref rooms) || !rooms.Remove(room))
            {
                return false;
            }

            if (rooms.Count == 0)
            {
                _roomsOf.Remove(socketId);
            }

            roomDeleted = RemoveMember(room, socketId);
            return true;
        }
    }

    /// <summary>
    /// Removes the socket from every room, adding the rooms it left to <paramref name="left"/> and, when given, the
    /// rooms that lost their last member to <paramref name="deleted"/>.
    /// </summary>
    public void LeaveAll(string socketId, List<string> left, List<string>? deleted = null)
    {
        lock (_lock)
        {
            if (!_roomsOf.Remove(socketId, out var rooms))
            {
                return;
            }

            foreach (var room in rooms)
            {
                if (RemoveMember(room, socketId))
                {
                    deleted?.Add(room);
                }

                left.Add(room);
            }
        }
    }

    /// <summary>Whether the room has a member.</summary>
    public bool HasRoom(string room)
    {
        lock (_lock)
        {
            return _membersOf.ContainsKey(room);
        }
    }

    /// <summary>Whether the socket is in a room (every connected socket is, in its own).</summary>
    public bool HasSocket(string socketId)
    {
        lock (_lock)
        {
            return _roomsOf.ContainsKey(socketId);
        }
    }

    /// <summary>Adds the rooms of the socket to <paramref name="rooms"/>.</summary>
    public void RoomsOf(string socketId, List<string> rooms)
    {
        lock (_lock)
        {
            if (_roomsOf.TryGetValue(socketId, out var set))
            {
                foreach (var room in set)
                {
                    rooms.Add(room);
                }
            }
        }
    }

    /// <summary>Whether the socket is in the room.</summary>
    public bool IsMember(string socketId, string room)
    {
        lock (_lock)
        {
            return _roomsOf.TryGetValue(socketId, out var rooms) && rooms.Contains(room);
        }
    }

    /// <summary>
    /// How many rooms the socket would be in after joining <paramref name="rooms"/>, the room named by its own id
    /// not counted (each room once, whether it is in already or not).
    /// </summary>
    public int RoomCountAfterJoin(string socketId, IEnumerable<string> rooms)
    {
        lock (_lock)
        {
            _roomsOf.TryGetValue(socketId, out var current);
            var count = current.Count;
            if (current.Contains(socketId))
            {
                count--;
            }

            HashSet<string>? added = null;
            foreach (var room in rooms)
            {
                if (room != socketId && !current.Contains(room) && (added ??= new HashSet<string>(StringComparer.Ordinal)).Add(room))
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Adds every room name to <paramref name="rooms"/>.</summary>
    public void AllRooms(List<string> rooms)
    {
        lock (_lock)
        {
            rooms.AddRange(_membersOf.Keys);
        }
    }

    /// <summary>
    /// Adds to <paramref name="recipients"/> every socket the target selects, each once: the members of any of its
    /// rooms (every socket when it names none), less the members of any of its excepted rooms.
    /// </summary>
    public void Select(in RoomTarget target, List<string> recipients)
    {
        lock (_lock)
        {
            HashSet<string>? excluded = null;
            foreach (var room in target.Except)
            {
                if (_membersOf.TryGetValue(room, out var members))
                {
                    excluded ??= new HashSet<string>(StringComparer.Ordinal);
                    foreach (var id in members)
                    {
                        excluded.Add(id);
                    }
                }
            }

            if (target.Rooms.Count == 0)
            {
                foreach (var id in _roomsOf.Keys)
                {
                    AddAllowed(id, excluded, recipients);
                }

                return;
            }

            if (target.Rooms.Count == 1)
            {
                // One room needs no de-duplication: the common case of a room broadcast stays allocation-free.
                foreach (var room in target.Rooms)
                {
                    if (_membersOf.TryGetValue(room, out var members))
                    {
                        foreach (var id in members)
                        {
                            AddAllowed(id, excluded, recipients);
                        }
                    }
                }

                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var room in target.Rooms)
            {
                if (!_membersOf.TryGetValue(room, out var members))
                {
                    continue;
                }

                foreach (var id in members)
                {
                    if (excluded?.Contains(id) != true && seen.Add(id))
                    {
                        recipients.Add(id);
                    }
                }
            }
        }
    }

    private static void AddAllowed(string id, HashSet<string>? excluded, List<string> recipients)
    {
        if (excluded?.Contains(id) != true)
        {
            recipients.Add(id);
        }
    }

    /// <summary>Takes the socket out of the room's members; returns true when that emptied (and removed) the room.</summary>
    private bool RemoveMember(string room, string socketId)
    {
        ref var members = ref CollectionsMarshal.GetValueRefOrNullRef(_membersOf, room);
        if (!Unsafe.IsNullRef(ref members) && members.Remove(socketId) && members.Count == 0)
        {
            _membersOf.Remove(room);
            return true;
        }

        return false;
    }
}
