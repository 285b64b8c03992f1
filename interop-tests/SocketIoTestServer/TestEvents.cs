using SocketIo.Server;

namespace SocketIoTestServer;

/// <summary>
/// The events a test emits to make the server use one feature. Every one acknowledges once its work is done, so a
/// test can await the ack instead of sleeping. Arguments after the listed ones are passed on as the event's
/// arguments, exactly as received (binary included).
/// </summary>
internal static class TestEvents
{
    private static readonly TimeSpan WritableWait = TimeSpan.FromSeconds(5);

    public static void Register(Socket socket)
    {
        var nsp = socket.Namespace;

        // auth { "stream": count }: from the moment it connects, the socket gets "down" (n) for n = 0..count-1, 25 at
        // a time with a 1 ms pause between, so the stream spans the client's polling -> websocket upgrade
        if (socket.Handshake.Auth is { ValueKind: System.Text.Json.JsonValueKind.Object } auth
            && auth.TryGetProperty("stream", out var stream) && stream.TryGetInt32(out var count))
        {
            _ = StreamAsync(socket, count, socket.Disconnected);
        }

        // "echo" (...args) -> emits "echo" (...args) back
        socket.On("echo", (SocketIoArguments args) => socket.Emit("echo", args.ToArray()));

        // "echo-ack" (...args) -> ack (...args)
        socket.On("echo-ack", (SocketIoArguments args, SocketIoAck ack) => ack.Send(args.ToArray()));

        // "join" / "leave" (room) -> ack [rooms after the change]
        socket.On("join", (string room) =>
        {
            socket.Join(room);
            return SortedRooms(socket);
        });
        socket.On("leave", (string room) =>
        {
            socket.Leave(room);
            return SortedRooms(socket);
        });

        // "broadcast-to-room" (room, event, ...args): to everyone in the room, the sender included -> ack true
        socket.On("broadcast-to-room", (string room, string eventName, SocketIoArguments args) =>
        {
            nsp.To(room).Emit(eventName, args.ToArray()[2..]);
            return true;
        });

        // "broadcast-to-room-except-me" (room, event, ...args): socket.to(room), the sender excluded -> ack true
        socket.On("broadcast-to-room-except-me", (string room, string eventName, SocketIoArguments args) =>
        {
            socket.To(room).Emit(eventName, args.ToArray()[2..]);
            return true;
        });

        // "broadcast-except-room" (room, event, ...args): to the whole namespace but that room -> ack true
        socket.On("broadcast-except-room", (string room, string eventName, SocketIoArguments args) =>
        {
            nsp.Except(room).Emit(eventName, args.ToArray()[2..]);
            return true;
        });

        // "volatile-broadcast-to-room" (room, event, ...args): a volatile broadcast, once the transports of the
        // room's connected members are writable (bounded wait) -> ack true
        socket.On("volatile-broadcast-to-room", async (string room, string eventName, SocketIoArguments args, CancellationToken cancellationToken) =>
        {
            foreach (var member in nsp.Sockets.Values.Where(s => s.Rooms.Contains(room)))
            {
                await WaitUntilWritableAsync(member, cancellationToken);
            }

            nsp.To(room).Volatile.Emit(eventName, args.ToArray()[2..]);
            return true;
        });

        // "volatile-to-me" (event, ...args): waits (bounded) until the transport is writable, so that the volatile
        // packet is not dropped, then emits it -> ack whether it was sent
        socket.On("volatile-to-me", async (string eventName, SocketIoArguments args, CancellationToken cancellationToken) =>
        {
            await WaitUntilWritableAsync(socket, cancellationToken);
            return socket.Volatile.Emit(eventName, args.ToArray()[1..]);
        });

        // "emit-with-ack-to-me" (event, ...args): socket.EmitWithAckAsync to the sender -> ack (...the sender's ack)
        socket.On("emit-with-ack-to-me", async (string eventName, SocketIoArguments args, SocketIoAck ack) =>
        {
            var answer = await socket.EmitWithAckAsync(eventName, args.ToArray()[1..]);
            ack.Send(answer.ToArray());
        });

        // "emit-with-ack-to-me-timeout" (timeoutMs, event, ...args) -> ack { timedOut, answer: [...] | null }
        socket.On("emit-with-ack-to-me-timeout", async (int timeoutMs, string eventName, SocketIoArguments args) =>
        {
            try
            {
                var answer = await socket.Timeout(TimeSpan.FromMilliseconds(timeoutMs)).EmitWithAckAsync(eventName, args.ToArray()[2..]);
                return new { timedOut = false, answer = (object?[]?)answer.ToArray() };
            }
            catch (AckTimeoutException)
            {
                return new { timedOut = true, answer = (object?[]?)null };
            }
        });

        // "broadcast-with-ack" (room, timeoutMs, event, ...args): io.to(room).timeout(t).emitWithAck
        //   -> ack { timedOut, responses: [first argument of each ack that came in time] }
        socket.On("broadcast-with-ack", async (string room, int timeoutMs, string eventName, SocketIoArguments args) =>
        {
            try
            {
                var responses = await nsp.To(room).Timeout(TimeSpan.FromMilliseconds(timeoutMs)).EmitWithAckAsync(eventName, args.ToArray()[3..]);
                return new { timedOut = false, responses };
            }
            catch (AckTimeoutException timeout)
            {
                return new { timedOut = true, responses = timeout.Responses };
            }
        });

        // "disconnect-me" (close?): socket.Disconnect(close) -> the client gets "io server disconnect"
        socket.On("disconnect-me", (SocketIoArguments args) => socket.Disconnect(args.Count > 0 && args.GetValue<bool>(0)));

        // "emit-then-drop" (event, first, last): emits event(n) for n = first..last, then closes the Engine.IO
        // connection at once, so the last events and the close leave together
        socket.On("emit-then-drop", (string eventName, int first, int last) =>
        {
            for (var n = first; n <= last; n++)
            {
                socket.Emit(eventName, n);
            }

            socket.Connection.Close();
        });

        // "drop-me": closes the Engine.IO connection under the socket -> the client sees "transport close" and reconnects
        socket.On("drop-me", () => socket.Connection.Close());
    }

    private static async Task StreamAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        try
        {
            for (var n = 0; n < count; n++)
            {
                socket.Emit("down", n);
                if ((n + 1) % 25 == 0)
                {
                    await Task.Delay(1, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client left mid-stream.
        }
    }

    private static string[] SortedRooms(Socket socket) => socket.Rooms.Order(StringComparer.Ordinal).ToArray();

    private static async Task WaitUntilWritableAsync(Socket socket, CancellationToken cancellationToken)
    {
        // Polling is writable only while the client holds a GET open; it re-opens one right after each answer.
        var deadline = DateTime.UtcNow + WritableWait;
        while (!socket.Connection.IsWritable && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5, cancellationToken);
        }
    }
}
