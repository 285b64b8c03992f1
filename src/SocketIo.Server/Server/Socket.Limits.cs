using SocketIo.Server.Adapters;
using SocketIo.Server.Diagnostics;
using SocketIo.Server.Parsing;

namespace SocketIo.Server;

/// <summary>The socket's limits: rooms, pending acknowledgements, its count against its user's connections.</summary>
public sealed partial class Socket
{
    /// <summary>The user key this socket is counted under (<see cref="SocketIoServerOptions.MaxConnectionsPerUser"/>), if any.</summary>
    internal string? CountedUserKey { get; set; }

    /// <summary>Like <see cref="Disconnect"/>, with the reason the server-side listeners hear.</summary>
    internal void DisconnectFor(string reason)
    {
        if (!Connected)
        {
            return;
        }

        SendPacket(SocketIoPacketType.Disconnect, null, SocketIoPayload.None, isVolatile: false);
        OnClose(reason);
    }

    /// <summary>Joins <paramref name="rooms"/> unless that would pass <see cref="SocketIoServerOptions.MaxRoomsPerSocket"/>.</summary>
    /// <returns>False, and nothing joined, when it would.</returns>
    internal bool TryJoin(IReadOnlyCollection<string> rooms)
    {
        if (System.Threading.Volatile.Read(ref _state) == 2)
        {
            return true;
        }

        if (Namespace.Server.Options.MaxRoomsPerSocket is not { } max)
        {
            Namespace.Adapter.AddAll(Id, rooms);
            return true;
        }

        // Count and join as one step for this socket: two joins racing must not both fit under the limit.
        lock (System.Threading.Volatile.Read(ref _joinLock) ?? CreateJoinLock())
        {
            if (Namespace.Adapter.Rooms.RoomCountAfterJoin(Id, rooms) > max)
            {
                return false;
            }

            Namespace.Adapter.AddAll(Id, rooms);
            return true;
        }
    }

    private Lock CreateJoinLock()
    {
        var created = new Lock();
        return Interlocked.CompareExchange(ref _joinLock, created, null) ?? created;
    }

    private void JoinOrThrow(IReadOnlyCollection<string> rooms)
    {
        if (!TryJoin(rooms))
        {
            throw new SocketIoLimitExceededException(nameof(SocketIoServerOptions.MaxRoomsPerSocket), Namespace.Server.Options.MaxRoomsPerSocket!.Value);
        }
    }

    bool ILocalSocket.ExpectAck(long ackId, TimeSpan? timeout, Action<SocketIoArguments> onAck)
    {
        if (Acks.Expect(ackId, timeout, onAck, onExpired: null))
        {
            return true;
        }

        LimitLog.AckBroadcastSkipped(Logger, Namespace.Name, Id);
        return false;
    }

    void ILocalSocket.JoinWithinLimit(IReadOnlyCollection<string> rooms)
    {
        if (!TryJoin(rooms))
        {
            LimitLog.RoomJoinSkipped(Logger, Namespace.Name, Id);
        }
    }
}
