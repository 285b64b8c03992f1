using System.Text.Json;
using SocketIo.Server;

namespace ClusterNode;

/// <summary>
/// The namespaces "/", "/chat" and "/empty" and what happens on them, as in cluster-node.mjs: a connecting socket
/// gets <c>data = {node, lang, nsp, tag, profile}</c> and joins the rooms of its handshake's <c>auth.rooms</c>; the
/// server-side listener "hello" tells the node's own sockets ("server-side-seen") and answers with the node's name.
/// </summary>
internal static class ClusterNamespaces
{
    public static readonly string[] Names = ["/", "/chat", "/empty"];

    private static readonly JsonElement Profile = JsonDocument.Parse(
        """{"n":42,"pi":3.5,"list":[1,"x",true,null],"nested":{"deep":{"s":"é✓"}}}""").RootElement.Clone();

    public static void Configure(SocketIoServer io, string nodeName)
    {
        foreach (var name in Names)
        {
            var nsp = io.Of(name);
            nsp.OnConnection(socket => OnConnected(socket, nodeName));
            nsp.On("hello", (SocketIoArguments args) =>
            {
                var values = args.ToArray();
                nsp.Local.Emit("server-side-seen", new Dictionary<string, object?>
                {
                    ["node"] = nodeName,
                    ["lang"] = "dotnet",
                    ["args"] = values,
                });
                return new Dictionary<string, object?>
                {
                    ["node"] = nodeName,
                    ["lang"] = "dotnet",
                    ["echo"] = values.Length > 0 ? values[0] : null,
                };
            });
        }
    }

    private static void OnConnected(Socket socket, string nodeName)
    {
        var auth = socket.Handshake.Auth;
        socket.Data["node"] = nodeName;
        socket.Data["lang"] = "dotnet";
        socket.Data["nsp"] = socket.Namespace.Name;
        socket.Data["tag"] = auth.TryGetProperty("tag", out var tag) && tag.ValueKind == JsonValueKind.String ? tag.GetString() : null;
        socket.Data["profile"] = Profile;
        if (auth.TryGetProperty("rooms", out var rooms) && rooms.ValueKind == JsonValueKind.Array)
        {
            var names = new List<string>();
            foreach (var room in rooms.EnumerateArray())
            {
                if (room.ValueKind == JsonValueKind.String)
                {
                    names.Add(room.GetString()!);
                }
            }

            socket.Join(names);
        }
    }
}
