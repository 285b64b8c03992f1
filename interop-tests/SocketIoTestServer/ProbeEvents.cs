using System.Collections.Concurrent;
using SocketIo.Server;

namespace SocketIoTestServer;

/// <summary>
/// Events that let a test look at the server's side of a socket: who it is, which events it got and sent
/// (server-side onAny / onAnyOutgoing), and why a socket disconnected.
/// </summary>
internal static class ProbeEvents
{
    private static readonly TimeSpan ReasonWait = TimeSpan.FromSeconds(5);

    public static void Register(Socket socket, DisconnectReasons reasons)
    {
        var incoming = new ConcurrentQueue<string>();
        var outgoing = new ConcurrentQueue<object?[]>();
        socket.OnAny((eventName, _) => incoming.Enqueue(eventName));
        socket.OnAnyOutgoing((eventName, arguments) => outgoing.Enqueue([eventName, .. arguments]));
        socket.On("disconnect", (string reason) => reasons.Record(socket.Namespace.Name, socket.Id, reason));

        // "whoami" -> ack { id, nsp, recovered, rooms, auth }
        socket.On("whoami", () => new
        {
            id = socket.Id,
            nsp = socket.Namespace.Name,
            recovered = socket.Recovered,
            rooms = socket.Rooms.Order(StringComparer.Ordinal).ToArray(),
            auth = socket.Handshake.Auth,
        });

        // "incoming-events" -> ack [names of the events received so far, in order]
        socket.On("incoming-events", () => incoming.ToArray());

        // "outgoing-events" -> ack [[event, ...args] for each event sent so far, in order]
        socket.On("outgoing-events", () => outgoing.ToArray());

        // "disconnect-reason" (namespace, socketId) -> ack the reason that socket disconnected with (waits up to 5 s; null if none)
        socket.On("disconnect-reason", (string namespaceName, string socketId) => reasons.WaitAsync(namespaceName, socketId, ReasonWait));
    }
}
