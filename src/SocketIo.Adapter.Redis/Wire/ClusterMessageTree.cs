using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// A <see cref="ClusterMessage"/> as the tree of maps and arrays of the JavaScript object socket.io's
/// <c>ClusterAdapter</c> builds for it, with Node's key order (<c>JSON.stringify</c> and notepack.io keep insertion
/// order): <c>{type, data, uid, nsp}</c>; the broadcast packet <c>{type: 2, data: [event, ...args]}</c> without
/// <c>nsp</c> or <c>id</c>; the data fields as <c>cluster-adapter.ts</c> builds them. The same tree is printed as JSON
/// or encoded as MessagePack; only the application values inside are mapped for the encoding.
/// </summary>
internal static class ClusterMessageTree
{
    /// <summary>Builds the tree of the envelope.</summary>
    /// <param name="message">The message.</param>
    /// <param name="value">Maps each application value (argument, acknowledgement value, socket data).</param>
    public static Dictionary<string, object?> Build(ClusterMessage message, Func<object?, object?> value)
    {
        var envelope = new Dictionary<string, object?>(4, StringComparer.Ordinal) { ["type"] = (long)message.Type };
        if (message.Data is { } data)
        {
            envelope["data"] = Data(data, value);
        }

        envelope["uid"] = message.Uid;
        envelope["nsp"] = message.Namespace;
        return envelope;
    }

    private static Dictionary<string, object?> Data(ClusterMessageData data, Func<object?, object?> value)
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
                    packetData[i + 1] = value(arguments[i]);
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
                    sockets[i] = SocketDescriptionWire.ToTree(fetched.Sockets[i], value);
                }

                tree["sockets"] = sockets;
                break;
            case ServerSideEmitData emit:
                if (emit.RequestId is { } emitRequestId)
                {
                    tree["requestId"] = emitRequestId;
                }

                var packet = new object?[emit.Arguments.Count];
                for (var i = 0; i < packet.Length; i++)
                {
                    packet[i] = value(emit.Arguments[i]);
                }

                tree["packet"] = packet;
                break;
            case ServerSideEmitResponseData answer:
                tree["requestId"] = answer.RequestId;
                tree["packet"] = value(answer.Value);
                break;
            case BroadcastClientCountData count:
                tree["requestId"] = count.RequestId;
                tree["clientCount"] = (long)count.ClientCount;
                break;
            case BroadcastAckData ack:
                tree["requestId"] = ack.RequestId;
                tree["packet"] = value(ack.Value);
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
