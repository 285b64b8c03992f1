using System.Text.Json;
using Microsoft.Extensions.Primitives;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Server;
using SocketIo.Server.Adapters;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// A socket in a fetch answer as Node writes it: <c>{id, handshake, rooms, data}</c>, the handshake with socket.io's
/// field names in socket.io's order (<c>headers, time, address, xdomain, secure, issued, url, query, auth</c>).
/// </summary>
/// <remarks>
/// Headers are written as Node's <c>request.headers</c> holds them: lower-case names, repeated values joined with
/// <c>", "</c> (<c>"; "</c> for <c>cookie</c>), <c>set-cookie</c> always a list; a repeated query parameter is a list.
/// Reading is lenient where Node's values may differ in type (a header or parameter may be a string or a list; a
/// missing handshake or non-object <c>data</c> gives empty ones); <c>time</c> is not read back, as
/// <see cref="SocketHandshake.Time"/> is computed from <c>issued</c>.
/// </remarks>
internal static class ClassicSocketDescription
{
    /// <summary>The tree of a description, for <see cref="JsonStringifyWriter"/>.</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="toTree">Turns an application value (socket data) into a tree.</param>
    public static Dictionary<string, object?> ToTree(SocketDescription socket, Func<object?, object?> toTree)
    {
        var handshake = socket.Handshake;
        var data = new Dictionary<string, object?>(socket.Data.Count, StringComparer.Ordinal);
        foreach (var (key, value) in socket.Data)
        {
            data[key] = toTree(value);
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

    /// <summary>Reads a description a node sent.</summary>
    /// <param name="value">The decoded value.</param>
    /// <param name="socket">The description.</param>
    /// <param name="error">What was wrong.</param>
    public static bool TryRead(object? value, out SocketDescription socket, out string error)
    {
        socket = null!;
        if (!WireTree.TryGetMap(value, out var map) || WireTree.Get(map, "id") is not string id)
        {
            error = "a socket without an id";
            return false;
        }

        if (!WireTree.TryGetRooms(WireTree.Get(map, "rooms"), out var rooms))
        {
            error = "a socket's rooms are not a list of rooms";
            return false;
        }

        var handshakeValue = WireTree.Get(map, "handshake");
        if (!WireTree.IsAbsent(handshakeValue) && !WireTree.TryGetMap(handshakeValue, out _))
        {
            error = "a socket's handshake is not a map";
            return false;
        }

        var handshake = ReadHandshake(handshakeValue as IReadOnlyDictionary<string, object?>);
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (WireTree.TryGetMap(WireTree.Get(map, "data"), out var dataMap))
        {
            foreach (var (key, item) in dataMap)
            {
                data[key] = DecodedValues.ToArgument(item);
            }
        }

        socket = new SocketDescription(id, handshake, [.. rooms], data);
        error = string.Empty;
        return true;
    }

    private static SocketHandshake ReadHandshake(IReadOnlyDictionary<string, object?>? map)
    {
        if (map is null)
        {
            return new SocketHandshake(
                new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase),
                new Dictionary<string, StringValues>(StringComparer.Ordinal),
                string.Empty,
                crossDomain: false,
                secure: false,
                DateTimeOffset.UnixEpoch,
                string.Empty);
        }

        var issued = DateTimeOffset.UnixEpoch;
        if (WireTree.TryGetNumber(WireTree.Get(map, "issued"), out var milliseconds)
            && milliseconds >= 0
            && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            issued = DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
        }

        var auth = DecodedValues.ToArgument(WireTree.Get(map, "auth")) is JsonElement { ValueKind: JsonValueKind.Object } element
            ? element
            : (JsonElement?)null;
        return new SocketHandshake(
            ReadValues(WireTree.Get(map, "headers"), StringComparer.OrdinalIgnoreCase),
            ReadValues(WireTree.Get(map, "query"), StringComparer.Ordinal),
            WireTree.Get(map, "address") as string ?? string.Empty,
            crossDomain: WireTree.Get(map, "xdomain") is true,
            secure: WireTree.Get(map, "secure") is true,
            issued,
            WireTree.Get(map, "url") as string ?? string.Empty,
            auth);
    }

    private static Dictionary<string, StringValues> ReadValues(object? value, StringComparer comparer)
    {
        var values = new Dictionary<string, StringValues>(comparer);
        if (!WireTree.TryGetMap(value, out var map))
        {
            return values;
        }

        foreach (var (name, item) in map)
        {
            if (item is object?[] list)
            {
                var texts = new List<string>(list.Length);
                foreach (var element in list)
                {
                    if (WireTree.TryGetRoom(element, out var text))
                    {
                        texts.Add(text);
                    }
                }

                values[name] = new StringValues([.. texts]);
            }
            else if (item is bool flag)
            {
                values[name] = flag ? "true" : "false";
            }
            else if (WireTree.TryGetRoom(item, out var text))
            {
                // Strings, and numbers as JS prints them.
                values[name] = text;
            }
        }

        return values;
    }

    private static Dictionary<string, object?> HeadersTree(IReadOnlyDictionary<string, StringValues> headers)
    {
        var tree = new Dictionary<string, object?>(headers.Count, StringComparer.Ordinal);
        foreach (var (name, values) in headers)
        {
            var key = name.ToLowerInvariant();
            tree[key] = key switch
            {
                "set-cookie" => values.ToArray(),
                "cookie" => string.Join("; ", values.ToArray()),
                _ => values.Count == 1 ? values[0] : string.Join(", ", values.ToArray()),
            };
        }

        return tree;
    }

    private static Dictionary<string, object?> QueryTree(IReadOnlyDictionary<string, StringValues> query)
    {
        var tree = new Dictionary<string, object?>(query.Count, StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            tree[name] = values.Count switch
            {
                0 => string.Empty,
                1 => values[0],
                _ => values.ToArray(),
            };
        }

        return tree;
    }
}
