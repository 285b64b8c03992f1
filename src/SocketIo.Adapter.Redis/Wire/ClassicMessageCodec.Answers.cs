using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Wire;

internal sealed partial class ClassicMessageCodec
{
    /// <summary>
    /// Decodes a message of a response channel (JSON or msgpack by its first byte). Typed answers (6, 8, 9) are read
    /// by type; the others by shape, as Node routes them by the request they answer: <c>sockets</c> of descriptions
    /// answers a fetch, <c>rooms</c> answers all-rooms; legacy answers are ignored.
    /// </summary>
    /// <param name="payload">The message.</param>
    public ClassicInbound DecodeResponse(ReadOnlyMemory<byte> payload)
    {
        if (!TryDecodeSniffed(payload, out var tree, out var dropped))
        {
            return dropped;
        }

        if (!WireTree.TryGetMap(tree, out var response))
        {
            return Invalid("a response is not a map");
        }

        if (WireTree.Get(response, "requestId") is not string requestId)
        {
            return Invalid("a response's requestId is not a string");
        }

        var type = WireTree.Get(response, "type");
        if (!WireTree.IsAbsent(type))
        {
            if (!WireTree.TryGetInt32(type, out var typeNumber))
            {
                return Invalid("a response's type is not a number");
            }

            switch ((ClassicRequestType)typeNumber)
            {
                case ClassicRequestType.BroadcastClientCount:
                    return WireTree.TryGetInt32(WireTree.Get(response, "clientCount"), out var count) && count >= 0
                        ? Cluster(new ClusterMessage(ClusterMessageType.BroadcastClientCount, string.Empty, Channels.Namespace, new BroadcastClientCountData(requestId, count)))
                        : Invalid("a client count is not a whole number");
                case ClassicRequestType.BroadcastAck:
                    return Cluster(new ClusterMessage(ClusterMessageType.BroadcastAck, string.Empty, Channels.Namespace, new BroadcastAckData(requestId, ToArgument(WireTree.Get(response, "packet")))));
                case ClassicRequestType.ServerSideEmit:
                    return Cluster(new ClusterMessage(ClusterMessageType.ServerSideEmitResponse, string.Empty, Channels.Namespace, new ServerSideEmitResponseData(requestId, ToArgument(WireTree.Get(response, "data")))));
            }
        }

        if (WireTree.Get(response, "sockets") is object?[] sockets)
        {
            return DecodeFetchResponse(requestId, sockets);
        }

        if (WireTree.Get(response, "rooms") is object?[] roomValues)
        {
            var rooms = new string[roomValues.Length];
            for (var i = 0; i < rooms.Length; i++)
            {
                if (!WireTree.TryGetRoom(roomValues[i], out rooms[i]))
                {
                    return Invalid("an allRooms answer holds a room that is not a string");
                }
            }

            return new ClassicAllRoomsResponse(requestId, rooms);
        }

        return new ClassicIgnored("an answer to a legacy request");
    }

    private ClassicInbound DecodeFetchResponse(string requestId, object?[] sockets)
    {
        var descriptions = new SocketDescription[sockets.Length];
        for (var i = 0; i < sockets.Length; i++)
        {
            if (sockets[i] is string)
            {
                // An answer to a legacy SOCKETS request: ids only. This node never sends one.
                return new ClassicIgnored("an answer to a legacy sockets request");
            }

            if (SocketDescriptionWire.Read(WireValue.FromMessagePack(sockets[i])) is not { } socket)
            {
                return Invalid("fetch answer: a socket without a string id, or with rooms or handshake of the wrong shape");
            }

            descriptions[i] = socket;
        }

        return Cluster(new ClusterMessage(ClusterMessageType.FetchSocketsResponse, string.Empty, Channels.Namespace, new FetchSocketsResponseData(requestId, descriptions)));
    }
}
