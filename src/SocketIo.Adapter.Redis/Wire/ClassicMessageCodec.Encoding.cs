using System.Buffers;
using System.Text.Json;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Wire;

internal sealed partial class ClassicMessageCodec
{
    /// <summary>
    /// Encodes a message this node publishes: a broadcast (msgpack, on the room's channel when it addresses exactly
    /// one room), an acknowledged broadcast (msgpack request, type 7), or a JSON request (types 2 to 6).
    /// </summary>
    /// <param name="message">The message; answers go through <see cref="EncodeResponse"/>.</param>
    /// <exception cref="ArgumentException">An answer, or a type the classic protocol has no message for.</exception>
    public ClassicOutbound Encode(ClusterMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var uid = message.Uid;
        switch (message.Data)
        {
            case BroadcastData { RequestId: null } broadcast:
                var channel = broadcast.Options.Rooms.Count == 1 ? Channels.Room(First(broadcast.Options.Rooms)) : Channels.Broadcast;
                return new(channel, MessagePack(new object?[] { uid, PacketTree(broadcast.Packet, message.Namespace), OptionsTree(broadcast.Options, withFlags: true) }));
            case BroadcastData broadcast:
                return new(Channels.Request, MessagePack(new Dictionary<string, object?>(5, StringComparer.Ordinal)
                {
                    ["uid"] = uid,
                    ["requestId"] = broadcast.RequestId,
                    ["type"] = (int)ClassicRequestType.Broadcast,
                    ["packet"] = PacketTree(broadcast.Packet, message.Namespace),
                    ["opts"] = OptionsTree(broadcast.Options, withFlags: true),
                }));
            case SocketsRoomsData rooms:
                return new(Channels.Request, Json(new Dictionary<string, object?>(4, StringComparer.Ordinal)
                {
                    ["uid"] = uid,
                    ["type"] = (int)(message.Type == ClusterMessageType.SocketsJoin ? ClassicRequestType.RemoteJoin : ClassicRequestType.RemoteLeave),
                    ["opts"] = OptionsTree(rooms.Options, withFlags: false),
                    ["rooms"] = rooms.Rooms,
                }));
            case DisconnectSocketsData disconnect:
                return new(Channels.Request, Json(new Dictionary<string, object?>(4, StringComparer.Ordinal)
                {
                    ["uid"] = uid,
                    ["type"] = (int)ClassicRequestType.RemoteDisconnect,
                    ["opts"] = OptionsTree(disconnect.Options, withFlags: false),
                    ["close"] = disconnect.Close,
                }));
            case FetchSocketsData fetch:
                return new(Channels.Request, Json(new Dictionary<string, object?>(4, StringComparer.Ordinal)
                {
                    ["uid"] = uid,
                    ["requestId"] = fetch.RequestId,
                    ["type"] = (int)ClassicRequestType.RemoteFetch,
                    ["opts"] = OptionsTree(fetch.Options, withFlags: false),
                }));
            case ServerSideEmitData emit:
                var request = new Dictionary<string, object?>(4, StringComparer.Ordinal) { ["uid"] = uid };
                if (emit.RequestId is not null)
                {
                    request["requestId"] = emit.RequestId;
                }

                request["type"] = (int)ClassicRequestType.ServerSideEmit;
                request["data"] = ArgumentsTree(emit.Arguments);
                return new(Channels.Request, Json(request));
            default:
                throw new ArgumentException($"A {message.Type} message is not published as a request or broadcast.", nameof(message));
        }
    }

    /// <summary>
    /// Encodes an answer to <paramref name="requesterUid"/>'s request: JSON, except a client's acknowledgement
    /// (msgpack). It goes to the shared response channel, or the requester's own when this node publishes there;
    /// server-side emit answers always go to the shared one.
    /// </summary>
    /// <param name="response">The answer.</param>
    /// <param name="requesterUid">The node that asked.</param>
    /// <exception cref="ArgumentException">Not an answer.</exception>
    public ClassicOutbound EncodeResponse(ClusterMessage response, string requesterUid)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(requesterUid);
        switch (response.Data)
        {
            case FetchSocketsResponseData fetched:
                var sockets = new object?[fetched.Sockets.Count];
                for (var i = 0; i < sockets.Length; i++)
                {
                    sockets[i] = SocketDescriptionWire.ToTree(fetched.Sockets[i], ToTree);
                }

                return new(ResponseChannel(requesterUid), Json(new Dictionary<string, object?>(2, StringComparer.Ordinal)
                {
                    ["requestId"] = fetched.RequestId,
                    ["sockets"] = sockets,
                }));
            case ServerSideEmitResponseData answer:
                return new(Channels.Response, Json(new Dictionary<string, object?>(3, StringComparer.Ordinal)
                {
                    ["type"] = (int)ClassicRequestType.ServerSideEmit,
                    ["requestId"] = answer.RequestId,
                    ["data"] = ToTree(answer.Value),
                }));
            case BroadcastClientCountData count:
                return new(ResponseChannel(requesterUid), Json(new Dictionary<string, object?>(3, StringComparer.Ordinal)
                {
                    ["type"] = (int)ClassicRequestType.BroadcastClientCount,
                    ["requestId"] = count.RequestId,
                    ["clientCount"] = count.ClientCount,
                }));
            case BroadcastAckData ack:
                return new(ResponseChannel(requesterUid), MessagePack(new Dictionary<string, object?>(3, StringComparer.Ordinal)
                {
                    ["type"] = (int)ClassicRequestType.BroadcastAck,
                    ["requestId"] = ack.RequestId,
                    ["packet"] = ack.Value,
                }));
            default:
                throw new ArgumentException($"A {response.Type} message is not an answer.", nameof(response));
        }
    }

    /// <summary>An <c>ALL_ROOMS</c> request (JSON <c>{uid, requestId, type: 1}</c>).</summary>
    /// <param name="uid">This node.</param>
    /// <param name="requestId">The request's id.</param>
    public ClassicOutbound EncodeAllRoomsRequest(string uid, string requestId) =>
        new(Channels.Request, Json(new Dictionary<string, object?>(3, StringComparer.Ordinal)
        {
            ["uid"] = uid,
            ["requestId"] = requestId,
            ["type"] = (int)ClassicRequestType.AllRooms,
        }));

    /// <summary>The answer to an <c>ALL_ROOMS</c> request (JSON <c>{requestId, rooms}</c>).</summary>
    /// <param name="requesterUid">The node that asked.</param>
    /// <param name="requestId">The request answered.</param>
    /// <param name="rooms">Every local room.</param>
    public ClassicOutbound EncodeAllRoomsResponse(string requesterUid, string requestId, IEnumerable<string> rooms) =>
        new(ResponseChannel(requesterUid), Json(new Dictionary<string, object?>(2, StringComparer.Ordinal)
        {
            ["requestId"] = requestId,
            ["rooms"] = rooms,
        }));

    /// <summary>The answer to a legacy <c>SOCKETS</c> request (JSON <c>{requestId, sockets: [ids]}</c>).</summary>
    /// <param name="requesterUid">The node that asked.</param>
    /// <param name="requestId">The request answered.</param>
    /// <param name="socketIds">The ids of the matching local sockets.</param>
    public ClassicOutbound EncodeSocketsResponse(string requesterUid, string requestId, IEnumerable<string> socketIds) =>
        new(ResponseChannel(requesterUid), Json(new Dictionary<string, object?>(2, StringComparer.Ordinal)
        {
            ["requestId"] = requestId,
            ["sockets"] = socketIds,
        }));

    /// <summary>The answer to a legacy one-socket request (JSON <c>{requestId}</c>).</summary>
    /// <param name="requesterUid">The node that asked.</param>
    /// <param name="requestId">The request answered.</param>
    public ClassicOutbound EncodeSocketResponse(string requesterUid, string requestId) =>
        new(ResponseChannel(requesterUid), Json(new Dictionary<string, object?>(1, StringComparer.Ordinal)
        {
            ["requestId"] = requestId,
        }));

    private static string First(IReadOnlySet<string> rooms)
    {
        foreach (var room in rooms)
        {
            return room;
        }

        throw new ArgumentException("No room.", nameof(rooms));
    }

    /// <summary><c>{type: 2, data: [event, ...args], nsp}</c>, in Node's key order; always type 2, binary inline.</summary>
    private static Dictionary<string, object?> PacketTree(BroadcastPacket packet, string nsp) => new(3, StringComparer.Ordinal)
    {
        ["type"] = 2,
        ["data"] = EventData(packet),
        ["nsp"] = nsp,
    };

    private static object?[] EventData(BroadcastPacket packet)
    {
        var data = new object?[packet.Arguments.Count + 1];
        data[0] = packet.EventName;
        for (var i = 1; i < data.Length; i++)
        {
            data[i] = packet.Arguments[i - 1];
        }

        return data;
    }

    /// <summary><c>{rooms, except, flags}</c>; the flags only those set, never <c>local</c>; timeout in milliseconds.</summary>
    private static Dictionary<string, object?> OptionsTree(BroadcastOptions options, bool withFlags)
    {
        var tree = new Dictionary<string, object?>(3, StringComparer.Ordinal)
        {
            ["rooms"] = ToArray(options.Rooms),
            ["except"] = ToArray(options.Except),
        };
        if (!withFlags)
        {
            return tree;
        }

        // Node's order is the order the operator's modifiers were called in; this is the usual one (a remote socket's
        // operator starts with expectSingleResponse; timeout is mostly the last modifier before an acknowledged emit).
        var flags = new Dictionary<string, object?>(4, StringComparer.Ordinal);
        var set = options.Flags;
        if (set.ExpectSingleResponse)
        {
            flags["expectSingleResponse"] = true;
        }

        if (set.Volatile)
        {
            flags["volatile"] = true;
        }

        if (set.Compress is { } compress)
        {
            flags["compress"] = compress;
        }

        if (set.Timeout is { } timeout)
        {
            var milliseconds = timeout.TotalMilliseconds;
            flags["timeout"] = milliseconds == Math.Floor(milliseconds) && Math.Abs(milliseconds) < 9007199254740992 ? (long)milliseconds : milliseconds;
        }

        tree["flags"] = flags;
        return tree;
    }

    private static string[] ToArray(IReadOnlySet<string> rooms)
    {
        if (rooms.Count == 0)
        {
            return [];
        }

        var array = new string[rooms.Count];
        var i = 0;
        foreach (var room in rooms)
        {
            array[i++] = room;
        }

        return array;
    }

    private static byte[] Json(object tree)
    {
        var output = new ArrayBufferWriter<byte>(256);
        JsonStringifyWriter.Write(output, tree);
        return output.WrittenSpan.ToArray();
    }

    private object?[] ArgumentsTree(IReadOnlyList<object?> arguments)
    {
        var tree = new object?[arguments.Count];
        for (var i = 0; i < tree.Length; i++)
        {
            tree[i] = ToTree(arguments[i]);
        }

        return tree;
    }

    /// <summary>
    /// An application value as the tree JSON is written from: as the msgpack codec sees it (its object model), so a
    /// value reads the same in both encodings and binary becomes a Node Buffer's JSON.
    /// </summary>
    private object? ToTree(object? value)
    {
        switch (value)
        {
            case null or string or bool or int or long or double or JsonElement:
                return value;
            default:
                var output = new ArrayBufferWriter<byte>(256);
                _msgpack.Encode(output, value);
                return _msgpack.Decode(output.WrittenMemory);
        }
    }

    private byte[] MessagePack(object tree)
    {
        var output = new ArrayBufferWriter<byte>(256);
        _msgpack.Encode(output, tree);
        return output.WrittenSpan.ToArray();
    }

    private string ResponseChannel(string requesterUid) =>
        _publishOnSpecificResponseChannel ? Channels.SpecificResponse(requesterUid) : Channels.Response;
}
