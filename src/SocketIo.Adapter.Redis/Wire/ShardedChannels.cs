using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// The sharded channel names of one namespace on one node, as <c>sharded-adapter.ts</c> builds them for prefix
/// <c>p</c> and namespace <c>n</c>: the main channel <c>p#n#</c> (whose subscriber count is the server count), a
/// node's own answer channel <c>p#n#uid#</c>, and a room's channel <c>p#n#room#</c>.
/// </summary>
internal sealed class ShardedChannels
{
    // Node's looksLikeASocketId: socket ids are 20 characters, and a room named like one gets no channel of its own
    // in dynamic mode. Compared in UTF-16 code units, as JavaScript's length counts.
    private const int SocketIdLength = 20;

    /// <summary>Computes the names.</summary>
    /// <param name="prefix">The channel prefix (<c>channelPrefix</c>), e.g. <c>socket.io</c>.</param>
    /// <param name="namespace">The namespace, e.g. <c>/</c>.</param>
    /// <param name="uid">This node's id in the namespace.</param>
    public ShardedChannels(string prefix, string @namespace, string uid)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(uid);
        Main = prefix + "#" + @namespace + "#";
        OwnResponses = Main + uid + "#";
    }

    /// <summary>The namespace's channel: <c>p#n#</c>.</summary>
    public string Main { get; }

    /// <summary>Where answers to this node's requests arrive: <c>p#n#uid#</c>.</summary>
    public string OwnResponses { get; }

    /// <summary>A room's channel: <c>p#n#room#</c>.</summary>
    /// <param name="room">The room.</param>
    public string Room(string room) => Main + room + "#";

    /// <summary>Where answers to a node's requests go: <c>p#n#requesterUid#</c>.</summary>
    /// <param name="requesterUid">The uid of the node that asked.</param>
    public string Responses(string requesterUid) => Main + requesterUid + "#";

    /// <summary>
    /// Where a message is published (<c>computeChannel</c>): a broadcast without acknowledgements to exactly one room
    /// goes to that room's channel in <see cref="RedisSubscriptionMode.DynamicPrivate"/> mode, and in
    /// <see cref="RedisSubscriptionMode.Dynamic"/> mode unless the room is named like a socket id; everything else
    /// goes to the main channel. Acknowledged broadcasts stay on the main channel because their sender expects a
    /// client count from every node.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="mode">The cluster's subscription mode.</param>
    public string ForMessage(ClusterMessage message, RedisSubscriptionMode mode)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (mode == RedisSubscriptionMode.Static
            || message.Data is not BroadcastData { RequestId: null } broadcast
            || broadcast.Options.Rooms.Count != 1)
        {
            return Main;
        }

        foreach (var room in broadcast.Options.Rooms)
        {
            if (mode == RedisSubscriptionMode.DynamicPrivate || room.Length != SocketIdLength)
            {
                return Room(room);
            }
        }

        return Main;
    }
}
