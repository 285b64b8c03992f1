using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// A <see cref="ClusterMessage"/> as the tree of maps and arrays that notepack.io would encode for the same JavaScript
/// object: the same fields in the same order as <see cref="ClusterMessageJsonWriter"/>, application values left as they
/// are for the MessagePack codec (binary stays binary).
/// </summary>
internal static class ClusterMessageTree
{
    /// <summary>Builds the tree of the envelope <c>{type, data, uid, nsp}</c>.</summary>
    public static Dictionary<string, object?> Build(ClusterMessage message)
    {
        var envelope = new Dictionary<string, object?>(4, StringComparer.Ordinal) { ["type"] = (long)message.Type };
        if (message.Data is { } data)
        {
            envelope["data"] = Data(data);
        }

        envelope["uid"] = message.Uid;
        envelope["nsp"] = message.Namespace;
        return envelope;
    }

    private static Dictionary<string, object?> Data(ClusterMessageData data)
    {
        var tree = new Dictionary<string, object?>(3, StringComparer.Ordinal);
        switch (data)
        {
            case BroadcastData broadcast:
                var arguments = broadcast.Packet.Arguments;
                var packetData = new object?[arguments.Count + 1];
                packetData[0] = broadcast.Packet.EventName;
                for (var i = 0; i < arguments.Count; i++)
                {
                    packetData[i + 1] = arguments[i];
                }

                tree["packet"] = new Dictionary<string, object?>(2, StringComparer.Ordinal) { ["type"] = 2L, ["data"] = packetData };
                if (broadcast.RequestId is { } broadcastRequestId)
                {
                    tree["requestId"] = broadcastRequestId;
                }

                tree["opts"] = Options(broadcast.Options);
                break;
            case SocketsRoomsData rooms:
                tree["opts"] = Options(rooms.Options);
                tree["rooms"] = rooms.Rooms.ToArray();
                break;
            case DisconnectSocketsData disconnect:
                tree["opts"] = Options(disconnect.Options);
                tree["close"] = disconnect.Close;
                break;
            case FetchSocketsData fetch:
                tree["opts"] = Options(fetch.Options);
                tree["requestId"] = fetch.RequestId;
                break;
            case FetchSocketsResponseData fetched:
                tree["requestId"] = fetched.RequestId;
                var sockets = new object?[fetched.Sockets.Count];
                for (var i = 0; i < sockets.Length; i++)
                {
                    sockets[i] = SocketDescriptionWire.ToTree(fetched.Sockets[i]);
                }

                tree["sockets"] = sockets;
                break;
            case ServerSideEmitData emit:
                if (emit.RequestId is { } emitRequestId)
                {
                    tree["requestId"] = emitRequestId;
                }

                tree["packet"] = emit.Arguments.ToArray();
                break;
            case ServerSideEmitResponseData answer:
                tree["requestId"] = answer.RequestId;
                tree["packet"] = answer.Value;
                break;
            case BroadcastClientCountData count:
                tree["requestId"] = count.RequestId;
                tree["clientCount"] = (long)count.ClientCount;
                break;
            case BroadcastAckData ack:
                tree["requestId"] = ack.RequestId;
                tree["packet"] = ack.Value;
                break;
        }

        return tree;
    }

    private static Dictionary<string, object?> Options(BroadcastOptions options) => new(3, StringComparer.Ordinal)
    {
        ["rooms"] = options.Rooms.ToArray(),
        ["except"] = options.Except.ToArray(),
        ["flags"] = BroadcastFlagsWire.ToTree(options.Flags),
    };
}
