using System.Text.Json;
using System.Text.RegularExpressions;
using SocketIo.Server;

namespace SocketIoTestServer;

/// <summary>
/// The namespaces of the test server: "/" (open), "/private" (a middleware that refuses without the right
/// auth.token) and the dynamic namespaces matching a pattern (a middleware that refuses auth.banned). Every
/// namespace answers the same events, so a test can use them wherever it connected.
/// </summary>
internal static class TestNamespaces
{
    public const string PrivateToken = "secret";

    public static void Configure(SocketIoServer io, DisconnectReasons reasons, Regex dynamicNamespaces)
    {
        io.OnConnection(socket => OnConnected(socket, reasons));

        io.Of("/private")
            .Use((socket, _) => HasProperty(socket.Handshake.Auth, "token", PrivateToken)
                ? ValueTask.CompletedTask
                : throw new ConnectionRefusedException("not authorized", new { code = 401 }))
            .OnConnection(socket => OnConnected(socket, reasons));

        io.Of(dynamicNamespaces)
            .Use((socket, _) => HasProperty(socket.Handshake.Auth, "banned", "yes")
                ? throw new ConnectionRefusedException("banned", new { code = 403 })
                : ValueTask.CompletedTask)
            .OnConnection(socket => OnConnected(socket, reasons));
    }

    private static void OnConnected(Socket socket, DisconnectReasons reasons)
    {
        ProbeEvents.Register(socket, reasons);
        TestEvents.Register(socket);
        socket.Emit("welcome", new { nsp = socket.Namespace.Name, id = socket.Id, recovered = socket.Recovered });
    }

    private static bool HasProperty(JsonElement auth, string name, string expected) =>
        auth.ValueKind == JsonValueKind.Object
        && auth.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && value.ValueEquals(expected);
}
