using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using SocketIo.Server;

namespace ClusterNode;

/// <summary>
/// Writes a socket as Node's fetchSockets() shows it: <c>{id, handshake, rooms, data}</c> with the handshake of
/// socket.io (<c>headers</c> with lower-case names, <c>time</c>, <c>address</c>, <c>xdomain</c>, <c>secure</c>,
/// <c>issued</c> in epoch milliseconds, <c>url</c>, <c>query</c>, <c>auth</c>), so a test compares the views of both
/// languages directly.
/// </summary>
internal static class SocketDescriptions
{
    public static JsonObject Describe(
        string id,
        SocketHandshake handshake,
        IEnumerable<string> rooms,
        IEnumerable<KeyValuePair<string, object?>> data,
        JsonSerializerOptions options)
    {
        var roomList = new JsonArray();
        foreach (var room in rooms)
        {
            roomList.Add(room);
        }

        var dataObject = new JsonObject();
        foreach (var (key, value) in data)
        {
            dataObject[key] = BinJson.ToJson(value, options);
        }

        return new JsonObject
        {
            ["id"] = id,
            ["handshake"] = Handshake(handshake),
            ["rooms"] = roomList,
            ["data"] = dataObject,
        };
    }

    private static JsonObject Handshake(SocketHandshake handshake)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in handshake.Headers)
        {
            var lower = name.ToLowerInvariant();
            headers[lower] = lower == "set-cookie" ? Array(values) : (JsonNode?)values.ToString();
        }

        var query = new JsonObject();
        foreach (var (name, values) in handshake.Query)
        {
            query[name] = values.Count == 1 ? values[0] : Array(values);
        }

        return new JsonObject
        {
            ["headers"] = headers,
            ["time"] = handshake.Time,
            ["address"] = handshake.Address,
            ["xdomain"] = handshake.CrossDomain,
            ["secure"] = handshake.Secure,
            ["issued"] = handshake.Issued.ToUnixTimeMilliseconds(),
            ["url"] = handshake.Url,
            ["query"] = query,
            ["auth"] = JsonNode.Parse(handshake.Auth.GetRawText()),
        };
    }

    private static JsonArray Array(StringValues values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }

        return array;
    }
}
