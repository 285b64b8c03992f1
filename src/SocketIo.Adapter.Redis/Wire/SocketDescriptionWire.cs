using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using SocketIo.Server;
using SocketIo.Server.Adapters;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// A socket in a fetch-sockets answer, as socket.io writes it: <c>{id, handshake, rooms, data}</c> with the handshake
/// of <c>socket.handshake</c> (<c>headers, time, address, xdomain, secure, issued, url, query, auth</c>), so Node's
/// <c>RemoteSocket</c> and ours read the same fields.
/// </summary>
/// <remarks>
/// Header names go out in lower case, repeated values joined with <c>", "</c> (<c>"; "</c> for <c>cookie</c>) and
/// <c>set-cookie</c> always a list, as Node's <c>IncomingMessage.headers</c> has them. On receipt, <c>time</c> is not
/// kept (<see cref="SocketHandshake.Time"/> is derived from <c>issued</c>), and <c>data</c> that is not an object becomes
/// an empty dictionary (<see cref="SocketDescription.Data"/> can only hold named values).
/// </remarks>
internal static class SocketDescriptionWire
{
    private const string SetCookie = "set-cookie";
    private const string Cookie = "cookie";

    /// <summary>The socket as a tree in Node's key order; <paramref name="value"/> maps each value of its data.</summary>
    public static Dictionary<string, object?> ToTree(SocketDescription socket, Func<object?, object?> value)
    {
        var handshake = socket.Handshake;
        var data = new Dictionary<string, object?>(socket.Data.Count, StringComparer.Ordinal);
        foreach (var (name, item) in socket.Data)
        {
            data[name] = value(item);
        }

        return new Dictionary<string, object?>(4, StringComparer.Ordinal)
        {
            ["id"] = socket.Id,
            ["handshake"] = new Dictionary<string, object?>(9, StringComparer.Ordinal)
            {
                ["headers"] = HeadersTree(handshake.Headers),
                ["time"] = handshake.Time,
                ["address"] = handshake.Address,
                ["xdomain"] = handshake.CrossDomain,
                ["secure"] = handshake.Secure,
                ["issued"] = handshake.Issued.ToUnixTimeMilliseconds(),
                ["url"] = handshake.Url,
                ["query"] = QueryTree(handshake.Query),
                ["auth"] = handshake.Auth,
            },
            ["rooms"] = socket.Rooms.ToArray(),
            ["data"] = data,
        };
    }

    /// <summary>Reads a received socket; null when it is not one (no string id, rooms or handshake of the wrong shape).</summary>
    public static SocketDescription? Read(WireValue value)
    {
        if (!value.TryGetProperty("id", out var idValue) || !idValue.TryGetString(out var id))
        {
            return null;
        }

        var rooms = new HashSet<string>(StringComparer.Ordinal);
        if (value.TryGetProperty("rooms", out var roomsValue) && !ClusterMessageReader.TryReadRooms(roomsValue, out rooms))
        {
            return null;
        }

        var handshake = value.TryGetProperty("handshake", out var handshakeValue) ? ReadHandshake(handshakeValue) : EmptyHandshake();
        if (handshake is null)
        {
            return null;
        }

        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        var properties = new Dictionary<string, WireValue>(StringComparer.Ordinal);
        if (value.TryGetProperty("data", out var dataValue) && dataValue.TryGetProperties(properties))
        {
            foreach (var (name, item) in properties)
            {
                data[name] = item.ToArgument();
            }
        }

        return new SocketDescription(id, handshake, rooms, data);
    }

    private static Dictionary<string, object?> HeadersTree(IReadOnlyDictionary<string, StringValues> headers)
    {
        var tree = new Dictionary<string, object?>(headers.Count, StringComparer.Ordinal);
        foreach (var (name, values) in headers)
        {
            var lower = name.ToLowerInvariant();
            tree[lower] = lower switch
            {
                SetCookie => values.ToArray(),
                _ when values.Count == 1 => values[0],
                Cookie => string.Join("; ", values.ToArray()),
                _ => string.Join(", ", values.ToArray()),
            };
        }

        return tree;
    }

    private static Dictionary<string, object?> QueryTree(IReadOnlyDictionary<string, StringValues> query)
    {
        var tree = new Dictionary<string, object?>(query.Count, StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            tree[name] = values.Count == 1 ? values[0] : values.ToArray();
        }

        return tree;
    }

    private static SocketHandshake? ReadHandshake(WireValue value)
    {
        if (value.IsNullOrUndefined)
        {
            return EmptyHandshake();
        }

        if (!value.IsObject)
        {
            return null;
        }

        var headers = ReadStringValues(value, "headers", StringComparer.OrdinalIgnoreCase);
        var query = ReadStringValues(value, "query", StringComparer.Ordinal);
        var address = ReadString(value, "address");
        var url = ReadString(value, "url");
        var crossDomain = value.TryGetProperty("xdomain", out var xdomain) && xdomain.TryGetBoolean(out var x) && x;
        var secure = value.TryGetProperty("secure", out var secureValue) && secureValue.TryGetBoolean(out var s) && s;
        var issued = DateTimeOffset.UnixEpoch;
        if (value.TryGetProperty("issued", out var issuedValue) && issuedValue.TryGetNumber(out var milliseconds))
        {
            issued = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Clamp(
                milliseconds,
                DateTimeOffset.MinValue.ToUnixTimeMilliseconds(),
                DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
        }

        JsonElement? auth = null;
        if (value.TryGetProperty("auth", out var authValue) && authValue.IsObject)
        {
            auth = authValue.ToArgument() switch
            {
                JsonElement element => element,

                // Binary inside auth: the handshake keeps JSON only, so the bytes become base64 strings.
                JsonNode node => JsonSerializer.SerializeToElement(node),
                _ => null,
            };
        }

        return new SocketHandshake(headers, query, address, crossDomain, secure, issued, url, auth);
    }

    private static SocketHandshake EmptyHandshake() =>
        new(
            new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase),
            new Dictionary<string, StringValues>(StringComparer.Ordinal),
            string.Empty,
            crossDomain: false,
            secure: false,
            DateTimeOffset.UnixEpoch,
            string.Empty);

    private static string ReadString(WireValue value, string name) =>
        value.TryGetProperty(name, out var item) && item.TryGetString(out var text) ? text : string.Empty;

    /// <summary>Reads an object of strings or string lists (headers, query); other values are left out.</summary>
    private static Dictionary<string, StringValues> ReadStringValues(WireValue value, string name, StringComparer comparer)
    {
        var result = new Dictionary<string, StringValues>(comparer);
        var properties = new Dictionary<string, WireValue>(StringComparer.Ordinal);
        if (!value.TryGetProperty(name, out var objectValue) || !objectValue.TryGetProperties(properties))
        {
            return result;
        }

        var items = new List<WireValue>();
        foreach (var (key, item) in properties)
        {
            if (item.TryGetString(out var single))
            {
                result[key] = single;
                continue;
            }

            items.Clear();
            if (!item.TryGetItems(items))
            {
                continue;
            }

            var strings = new List<string>(items.Count);
            foreach (var element in items)
            {
                if (element.TryGetString(out var text))
                {
                    strings.Add(text);
                }
            }

            result[key] = new StringValues([.. strings]);
        }

        return result;
    }
}
