using SocketIo.Server;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// Maps a received cluster envelope <c>{type, data, uid, nsp}</c> (socket.io's <c>ClusterAdapter</c> messages, JSON or
/// MessagePack alike) onto a <see cref="ClusterMessage"/>. Lenient where Node is (absent <c>except</c>, <c>flags</c>,
/// <c>close</c>, unknown flags; numeric rooms as their decimal text), strict where a guess would change whom a message
/// addresses (a room that is neither a string nor a number) or what it means (unknown type, wrong field types).
/// </summary>
internal static class ClusterMessageReader
{
    /// <summary>Reads a message; null, with the reason, when it is not a valid cluster message.</summary>
    /// <param name="root">The decoded envelope.</param>
    /// <param name="invalidReason">Why it was rejected.</param>
    public static ClusterMessage? Read(WireValue root, out string invalidReason)
    {
        invalidReason = "invalid";
        if (!root.TryGetProperty("type", out var typeValue) || !typeValue.TryGetNumber(out var typeNumber)
            || typeNumber != Math.Floor(typeNumber) || typeNumber < 1 || typeNumber > 13)
        {
            invalidReason = "invalid type";
            return null;
        }

        // Node compares the uid to its own and answers to it; an absent one (never sent by socket.io) is nobody's.
        var uid = string.Empty;
        if (root.TryGetProperty("uid", out var uidValue) && !uidValue.TryGetString(out uid))
        {
            invalidReason = "invalid uid";
            return null;
        }

        if (!root.TryGetProperty("nsp", out var nspValue) || !nspValue.TryGetString(out var nsp))
        {
            invalidReason = "invalid nsp";
            return null;
        }

        var type = (ClusterMessageType)(int)typeNumber;
        ClusterMessageData? data = null;
        if (type is not (ClusterMessageType.InitialHeartbeat or ClusterMessageType.Heartbeat or ClusterMessageType.AdapterClose))
        {
            if (!root.TryGetProperty("data", out var dataValue) || !dataValue.IsObject)
            {
                invalidReason = "invalid data";
                return null;
            }

            data = ReadData(type, dataValue);
            if (data is null)
            {
                invalidReason = "invalid data";
                return null;
            }
        }

        return new ClusterMessage(type, uid, nsp, data);
    }

    private static ClusterMessageData? ReadData(ClusterMessageType type, WireValue data) => type switch
    {
        ClusterMessageType.Broadcast => ReadBroadcast(data),
        ClusterMessageType.SocketsJoin or ClusterMessageType.SocketsLeave => ReadSocketsRooms(data),
        ClusterMessageType.DisconnectSockets => ReadDisconnect(data),
        ClusterMessageType.FetchSockets => ReadFetchSockets(data),
        ClusterMessageType.FetchSocketsResponse => ReadFetchSocketsResponse(data),
        ClusterMessageType.ServerSideEmit => ReadServerSideEmit(data),
        ClusterMessageType.ServerSideEmitResponse =>
            TryReadRequestId(data, out var id) ? new ServerSideEmitResponseData(id, ReadOptionalValue(data, "packet")) : null,
        ClusterMessageType.BroadcastClientCount => ReadClientCount(data),
        ClusterMessageType.BroadcastAck =>
            TryReadRequestId(data, out var id) ? new BroadcastAckData(id, ReadOptionalValue(data, "packet")) : null,
        _ => null,
    };

    private static BroadcastData? ReadBroadcast(WireValue data)
    {
        if (!data.TryGetProperty("packet", out var packetValue) || !packetValue.IsObject
            || !packetValue.TryGetProperty("type", out var packetType) || !packetType.TryGetNumber(out var packetTypeNumber)
            || packetTypeNumber != 2
            || !packetValue.TryGetProperty("data", out var eventValue))
        {
            return null;
        }

        var arguments = ReadEvent(eventValue, out var eventName);
        if (arguments is null || !TryReadOptions(data, out var options))
        {
            return null;
        }

        string? requestId = null;
        if (data.TryGetProperty("requestId", out var requestIdValue) && !requestIdValue.TryGetString(out requestId))
        {
            return null;
        }

        return new BroadcastData(new BroadcastPacket(eventName, arguments), options, requestId);
    }

    private static SocketsRoomsData? ReadSocketsRooms(WireValue data) =>
        TryReadOptions(data, out var options) && data.TryGetProperty("rooms", out var roomsValue) && TryReadRooms(roomsValue, out var rooms)
            ? new SocketsRoomsData(options, rooms)
            : null;

    private static DisconnectSocketsData? ReadDisconnect(WireValue data)
    {
        if (!TryReadOptions(data, out var options))
        {
            return null;
        }

        // Node passes the value on as it is: absent means "do not close".
        var close = false;
        if (data.TryGetProperty("close", out var closeValue) && !closeValue.IsNullOrUndefined && !closeValue.TryGetBoolean(out close))
        {
            return null;
        }

        return new DisconnectSocketsData(options, close);
    }

    private static FetchSocketsData? ReadFetchSockets(WireValue data) =>
        TryReadOptions(data, out var options) && TryReadRequestId(data, out var requestId)
            ? new FetchSocketsData(options, requestId)
            : null;

    private static FetchSocketsResponseData? ReadFetchSocketsResponse(WireValue data)
    {
        if (!TryReadRequestId(data, out var requestId) || !data.TryGetProperty("sockets", out var socketsValue))
        {
            return null;
        }

        var items = new List<WireValue>();
        if (!socketsValue.TryGetItems(items))
        {
            return null;
        }

        var sockets = new SocketDescription[items.Count];
        for (var i = 0; i < sockets.Length; i++)
        {
            var socket = SocketDescriptionWire.Read(items[i]);
            if (socket is null)
            {
                return null;
            }

            sockets[i] = socket;
        }

        return new FetchSocketsResponseData(requestId, sockets);
    }

    private static ServerSideEmitData? ReadServerSideEmit(WireValue data)
    {
        if (!data.TryGetProperty("packet", out var packetValue))
        {
            return null;
        }

        var arguments = ReadEvent(packetValue, out var eventName);
        if (arguments is null)
        {
            return null;
        }

        string? requestId = null;
        if (data.TryGetProperty("requestId", out var requestIdValue) && !requestIdValue.TryGetString(out requestId))
        {
            return null;
        }

        var packet = new object?[arguments.Length + 1];
        packet[0] = eventName;
        arguments.CopyTo(packet, 1);
        return new ServerSideEmitData(packet, requestId);
    }

    private static BroadcastClientCountData? ReadClientCount(WireValue data)
    {
        if (!TryReadRequestId(data, out var requestId)
            || !data.TryGetProperty("clientCount", out var countValue) || !countValue.TryGetNumber(out var count)
            || count < 0 || count > int.MaxValue || count != Math.Floor(count))
        {
            return null;
        }

        return new BroadcastClientCountData(requestId, (int)count);
    }

    /// <summary>Reads <c>[event, ...args]</c>: the arguments, and the event name, which must be a string.</summary>
    private static object?[]? ReadEvent(WireValue value, out string eventName)
    {
        eventName = string.Empty;
        var items = new List<WireValue>();
        if (!value.TryGetItems(items) || items.Count == 0 || !items[0].TryGetString(out eventName))
        {
            return null;
        }

        var arguments = new object?[items.Count - 1];
        for (var i = 1; i < items.Count; i++)
        {
            arguments[i - 1] = items[i].ToArgument();
        }

        return arguments;
    }

    private static object? ReadOptionalValue(WireValue data, string name) =>
        data.TryGetProperty(name, out var value) ? value.ToArgument() : null;

    private static bool TryReadRequestId(WireValue data, out string requestId)
    {
        requestId = string.Empty;
        return data.TryGetProperty("requestId", out var value) && value.TryGetString(out requestId);
    }

    /// <summary>Reads <c>opts: {rooms, except, flags}</c>; absent rooms, except or flags are empty, as Node reads them.</summary>
    private static bool TryReadOptions(WireValue data, out BroadcastOptions options)
    {
        options = BroadcastOptions.All;
        if (!data.TryGetProperty("opts", out var opts) || !opts.IsObject)
        {
            return false;
        }

        HashSet<string>? rooms = null;
        HashSet<string>? except = null;
        if ((opts.TryGetProperty("rooms", out var roomsValue) && !TryReadRooms(roomsValue, out rooms))
            || (opts.TryGetProperty("except", out var exceptValue) && !TryReadRooms(exceptValue, out except)))
        {
            return false;
        }

        var flags = default(BroadcastFlags);
        if (opts.TryGetProperty("flags", out var flagsValue) && !BroadcastFlagsWire.TryRead(flagsValue, out flags))
        {
            return false;
        }

        options = new BroadcastOptions(rooms, except, flags);
        return true;
    }

    /// <summary>Reads a list of rooms: strings, or numbers (a Node app may join <c>123</c>) as their decimal text.</summary>
    internal static bool TryReadRooms(WireValue value, out HashSet<string> rooms)
    {
        rooms = new HashSet<string>(StringComparer.Ordinal);
        if (value.IsNullOrUndefined)
        {
            return true;
        }

        var items = new List<WireValue>();
        if (!value.TryGetItems(items))
        {
            return false;
        }

        foreach (var item in items)
        {
            if (item.TryGetString(out var room))
            {
                rooms.Add(room);
            }
            else if (item.TryGetNumber(out var number))
            {
                rooms.Add(MessagePack.JsNumberText.ToString(number));
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
