using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Wire;

internal sealed partial class ClassicMessageCodec
{
    /// <summary>The <c>uid</c> Node's Redis emitter puts on its broadcasts.</summary>
    public const string EmitterUid = "emitter";

    /// <summary>
    /// Decodes a message of a broadcast channel (<c>k#n#</c> or <c>k#n#room#</c>): msgpack
    /// <c>[uid, packet, opts]</c>. A packet without <c>nsp</c> is for <c>/</c> (old emitters); the message keeps the
    /// packet's namespace, so one for another namespace is ignored by the adapter.
    /// </summary>
    /// <param name="payload">The message.</param>
    public ClassicInbound DecodeBroadcast(ReadOnlyMemory<byte> payload)
    {
        if (!TryDecodeMessagePack(payload, out var tree, out var dropped))
        {
            return dropped;
        }

        if (tree is not object?[] { Length: >= 3 } parts)
        {
            return Invalid("a broadcast is not a [uid, packet, opts] array");
        }

        if (parts[0] is not string uid)
        {
            return Invalid("a broadcast's uid is not a string");
        }

        if (!WireTree.TryGetMap(parts[1], out var packetMap))
        {
            return Invalid("a broadcast's packet is not a map");
        }

        if (!WireTree.TryGetOptionalString(packetMap, "nsp", out var nsp))
        {
            return Invalid("a broadcast's nsp is not a string");
        }

        if (!TryReadPacket(packetMap, out var packet, out var error)
            || !TryReadOptions(parts[2], withFlags: true, out var options, out error))
        {
            return Invalid("broadcast: " + error);
        }

        return Cluster(new ClusterMessage(ClusterMessageType.Broadcast, uid, nsp ?? "/", new BroadcastData(packet, options)));
    }

    /// <summary>Decodes a message of the request channel (types 0 to 7; JSON or msgpack by its first byte).</summary>
    /// <param name="payload">The message.</param>
    public ClassicInbound DecodeRequest(ReadOnlyMemory<byte> payload)
    {
        if (!TryDecodeSniffed(payload, out var tree, out var dropped))
        {
            return dropped;
        }

        if (!WireTree.TryGetMap(tree, out var request))
        {
            return Invalid("a request is not a map");
        }

        if (!WireTree.TryGetInt32(WireTree.Get(request, "type"), out var typeNumber) || typeNumber is < 0 or > (int)ClassicRequestType.Broadcast)
        {
            return Invalid("a request's type is not a request type");
        }

        // Requests from the Redis emitter carry no uid.
        if (!WireTree.TryGetOptionalString(request, "uid", out var uidOrNull) || !WireTree.TryGetOptionalString(request, "requestId", out var requestId))
        {
            return Invalid("a request's uid or requestId is not a string");
        }

        var uid = uidOrNull ?? string.Empty;
        var type = (ClassicRequestType)typeNumber;
        return type switch
        {
            ClassicRequestType.Sockets => DecodeSocketsRequest(request, uid, requestId),
            ClassicRequestType.AllRooms => requestId is null ? Invalid("allRooms without requestId") : new ClassicAllRoomsRequest(uid, requestId),
            ClassicRequestType.RemoteJoin or ClassicRequestType.RemoteLeave or ClassicRequestType.RemoteDisconnect =>
                WireTree.IsAbsent(WireTree.Get(request, "opts"))
                    ? DecodeSocketRequest(request, type, uid, requestId)
                    : DecodeRoomsRequest(request, type, uid),
            ClassicRequestType.RemoteFetch => DecodeFetchRequest(request, uid, requestId),
            ClassicRequestType.ServerSideEmit => DecodeServerSideEmit(request, uid, requestId),
            _ => DecodeBroadcastRequest(request, uid, requestId),
        };
    }

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

    private static ClassicDropped Invalid(string detail) => new(ClassicDropped.Invalid, detail);

    private static ClassicClusterMessage Cluster(ClusterMessage message) => new(message);

    private static object? ToArgument(object? decoded) => DecodedValues.ToArgument(decoded);

    private static bool TryReadPacket(IReadOnlyDictionary<string, object?> packet, out BroadcastPacket result, out string error)
    {
        result = null!;

        // Type 5 (binary event) comes from old emitters that marked binary packets; the binary is inline either way.
        if (!WireTree.TryGetInt32(WireTree.Get(packet, "type"), out var type) || type is not (2 or 5))
        {
            error = "the packet is not an event (type 2)";
            return false;
        }

        if (WireTree.Get(packet, "data") is not object?[] { Length: > 0 } data || data[0] is not string eventName)
        {
            error = "the packet's data is not [event, ...args]";
            return false;
        }

        var arguments = new object?[data.Length - 1];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = ToArgument(data[i + 1]);
        }

        result = new BroadcastPacket(eventName, arguments);
        error = string.Empty;
        return true;
    }

    private static bool TryReadOptions(object? value, bool withFlags, out BroadcastOptions options, out string error)
    {
        options = BroadcastOptions.All;
        if (!WireTree.TryGetMap(value, out var map))
        {
            error = "opts is not a map";
            return false;
        }

        if (!WireTree.TryGetRooms(WireTree.Get(map, "rooms"), out var rooms) || !WireTree.TryGetRooms(WireTree.Get(map, "except"), out var except))
        {
            error = "rooms or except is not a list of rooms";
            return false;
        }

        var flags = default(BroadcastFlags);
        if (withFlags && !TryReadFlags(WireTree.Get(map, "flags"), out flags))
        {
            error = "a flag has the wrong type";
            return false;
        }

        options = new BroadcastOptions(rooms, except, flags);
        error = string.Empty;
        return true;
    }

    /// <summary>Reads the flags a node sent; <c>local</c> and legacy flags (<c>broadcast</c>, <c>binary</c>) are ignored.</summary>
    private static bool TryReadFlags(object? value, out BroadcastFlags flags)
    {
        flags = default;
        if (WireTree.IsAbsent(value))
        {
            return true;
        }

        if (!WireTree.TryGetMap(value, out var map)
            || !WireTree.TryGetOptionalBoolean(map, "volatile", out var isVolatile)
            || !WireTree.TryGetOptionalBoolean(map, "expectSingleResponse", out var expectSingleResponse))
        {
            return false;
        }

        var compressValue = WireTree.Get(map, "compress");
        if (!WireTree.IsAbsent(compressValue) && compressValue is not bool)
        {
            return false;
        }

        TimeSpan? timeout = null;
        var timeoutValue = WireTree.Get(map, "timeout");
        if (!WireTree.IsAbsent(timeoutValue))
        {
            if (!WireTree.TryGetNumber(timeoutValue, out var milliseconds) || milliseconds < 0 || milliseconds > int.MaxValue)
            {
                return false;
            }

            timeout = TimeSpan.FromMilliseconds(milliseconds);
        }

        flags = new BroadcastFlags
        {
            Volatile = isVolatile,
            Compress = compressValue as bool?,
            Timeout = timeout,
            ExpectSingleResponse = expectSingleResponse,
        };
        return true;
    }

    private static ClassicInbound DecodeSocketsRequest(IReadOnlyDictionary<string, object?> request, string uid, string? requestId) =>
        requestId is not null && WireTree.TryGetRooms(WireTree.Get(request, "rooms"), out var rooms)
            ? new ClassicSocketsRequest(uid, requestId, rooms)
            : Invalid("a sockets request without requestId or rooms");

    private static ClassicInbound DecodeSocketRequest(IReadOnlyDictionary<string, object?> request, ClassicRequestType type, string uid, string? requestId)
    {
        if (requestId is null || WireTree.Get(request, "sid") is not string socketId)
        {
            return Invalid("a legacy socket request without requestId or sid");
        }

        if (type == ClassicRequestType.RemoteDisconnect)
        {
            return WireTree.TryGetOptionalBoolean(request, "close", out var close)
                ? new ClassicSocketRequest(type, uid, requestId, socketId, null, close)
                : Invalid("a legacy disconnect's close is not a boolean");
        }

        return WireTree.TryGetRoom(WireTree.Get(request, "room"), out var room)
            ? new ClassicSocketRequest(type, uid, requestId, socketId, room, Close: false)
            : Invalid("a legacy join or leave without a room");
    }

    private ClassicInbound DecodeRoomsRequest(IReadOnlyDictionary<string, object?> request, ClassicRequestType type, string uid)
    {
        if (!TryReadOptions(WireTree.Get(request, "opts"), withFlags: false, out var options, out var error))
        {
            return Invalid($"{type}: {error}");
        }

        if (type == ClassicRequestType.RemoteDisconnect)
        {
            return WireTree.TryGetOptionalBoolean(request, "close", out var close)
                ? Cluster(new ClusterMessage(ClusterMessageType.DisconnectSockets, uid, Channels.Namespace, new DisconnectSocketsData(options, close)))
                : Invalid("a disconnect's close is not a boolean");
        }

        if (WireTree.Get(request, "rooms") is not object?[] || !WireTree.TryGetRooms(WireTree.Get(request, "rooms"), out var rooms))
        {
            return Invalid($"{type}: rooms is not a list of rooms");
        }

        var messageType = type == ClassicRequestType.RemoteJoin ? ClusterMessageType.SocketsJoin : ClusterMessageType.SocketsLeave;
        return Cluster(new ClusterMessage(messageType, uid, Channels.Namespace, new SocketsRoomsData(options, [.. rooms])));
    }

    private ClassicInbound DecodeFetchRequest(IReadOnlyDictionary<string, object?> request, string uid, string? requestId)
    {
        if (requestId is null)
        {
            return Invalid("a fetch without requestId");
        }

        return TryReadOptions(WireTree.Get(request, "opts"), withFlags: false, out var options, out var error)
            ? Cluster(new ClusterMessage(ClusterMessageType.FetchSockets, uid, Channels.Namespace, new FetchSocketsData(options, requestId)))
            : Invalid("fetch: " + error);
    }

    private ClassicInbound DecodeServerSideEmit(IReadOnlyDictionary<string, object?> request, string uid, string? requestId)
    {
        if (WireTree.Get(request, "data") is not object?[] { Length: > 0 } data || data[0] is not string eventName)
        {
            return Invalid("a server-side emit's data is not [event, ...args]");
        }

        var arguments = new object?[data.Length];
        arguments[0] = eventName;
        for (var i = 1; i < data.Length; i++)
        {
            arguments[i] = ToArgument(data[i]);
        }

        return Cluster(new ClusterMessage(ClusterMessageType.ServerSideEmit, uid, Channels.Namespace, new ServerSideEmitData(arguments, requestId)));
    }

    private ClassicInbound DecodeBroadcastRequest(IReadOnlyDictionary<string, object?> request, string uid, string? requestId)
    {
        if (requestId is null)
        {
            return Invalid("an acknowledged broadcast without requestId");
        }

        if (!WireTree.TryGetMap(WireTree.Get(request, "packet"), out var packetMap)
            || !TryReadPacket(packetMap, out var packet, out var error)
            || !TryReadOptions(WireTree.Get(request, "opts"), withFlags: true, out var options, out error))
        {
            return Invalid("acknowledged broadcast: packet or opts is not valid");
        }

        return Cluster(new ClusterMessage(ClusterMessageType.Broadcast, uid, Channels.Namespace, new BroadcastData(packet, options, requestId)));
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

    private bool TryDecodeSniffed(ReadOnlyMemory<byte> payload, out object? tree, out ClassicInbound dropped)
    {
        if (payload.IsEmpty || payload.Span[0] != (byte)'{')
        {
            return TryDecodeMessagePack(payload, out tree, out dropped);
        }

        try
        {
            tree = JsonTreeReader.Read(payload.Span);
            dropped = null!;
            return true;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            tree = null;
            dropped = new ClassicDropped(ClassicDropped.Malformed, "not JSON: " + ex.Message);
            return false;
        }
    }

    private bool TryDecodeMessagePack(ReadOnlyMemory<byte> payload, out object? tree, out ClassicInbound dropped)
    {
        if (payload.IsEmpty)
        {
            tree = null;
            dropped = new ClassicDropped(ClassicDropped.Malformed, "an empty message");
            return false;
        }

        try
        {
            tree = _msgpack.Decode(payload);
            dropped = null!;
            return true;
        }
        catch (Exception ex) when (ex is MessagePackFormatException or FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            tree = null;
            dropped = new ClassicDropped(ClassicDropped.Malformed, "not msgpack: " + ex.Message);
            return false;
        }
    }
}
