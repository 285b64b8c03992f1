using System.Globalization;
using System.Text.Json;
using SocketIo.Server;

namespace Chat;

/// <summary>
/// The chat protocol on namespace <c>/</c> (see README.md): rooms from the handshake's <c>auth.rooms</c> joined on
/// connection, then <c>join</c>, <c>leave</c>, <c>rooms</c>, <c>message</c> and <c>typing</c>.
/// </summary>
internal sealed class ChatEvents(SocketIoServer io, Presence presence, TimeProvider time)
{
    public const int MaxTextLength = 2_000;
    private const int MaxClientIdLength = 64;

    /// <summary>Rooms a socket may be in at once, its id and user rooms not counted.</summary>
    public const int MaxRoomsPerSocket = 50;

    /// <summary>Starts handling connections of namespace <c>/</c>.</summary>
    public void Register() => io.OnConnection(OnConnected);

    private void OnConnected(Socket socket)
    {
        // The handshake's JWT authentication let only signed tokens in; their name claim is the user.
        var user = socket.User.Identity?.Name;
        if (!ChatNames.TryNormalizeUser(user, out var name))
        {
            socket.Disconnect();
            return;
        }

        socket.Data[Presence.NameKey] = name;
        socket.Join(ChatNames.UserRoom(name));

        // Joined now, before the client's next packet is read: the emits a client buffered while offline are handled
        // after this, in the rooms it was in (a recovered socket is back in its rooms already; joining again is a no-op).
        foreach (var room in RoomsFromAuth(socket))
        {
            if (ChatRoomCount(socket) >= MaxRoomsPerSocket)
            {
                break;
            }

            socket.Join(room);
        }

        presence.Publish(ChatRooms(socket));

        socket.On("join", (JsonElement room) => JoinAsync(socket, room));
        socket.On("leave", (JsonElement room) => Leave(socket, room));
        socket.On("rooms", () => RoomsAsync(socket));
        socket.On("message", (JsonElement message) => Message(socket, name, message));
        socket.On("typing", (JsonElement typing) => Typing(socket, name, typing));

        // Rooms are left before "disconnect"; remember them while they can still be read.
        IReadOnlyList<string> roomsAtDisconnection = [];
        socket.On("disconnecting", (string _) => roomsAtDisconnection = ChatRooms(socket));
        socket.On("disconnect", (string _) => presence.Publish(roomsAtDisconnection));
    }

    private async Task<object> JoinAsync(Socket socket, JsonElement value)
    {
        var room = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (!ChatNames.IsJoinable(room, socket.Namespace))
        {
            return new ErrorReply("invalid room name (a-z, 0-9, '-', '_'; at most 32)");
        }

        if (!socket.Rooms.Contains(room!))
        {
            if (ChatRoomCount(socket) >= MaxRoomsPerSocket)
            {
                return new ErrorReply($"at most {MaxRoomsPerSocket} rooms");
            }

            socket.Join(room!);
            presence.Publish(room!);
        }

        var users = await presence.UsersAsync(room!, socket.Disconnected).ConfigureAwait(false);
        return new JoinReply(true, room!, users);
    }

    private object Leave(Socket socket, JsonElement value)
    {
        var room = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (room is null || !ChatNames.IsChatRoom(room, socket.Id))
        {
            return new ErrorReply("invalid room name");
        }

        if (socket.Rooms.Contains(room))
        {
            socket.Leave(room);
            presence.Publish(room);
        }

        return new LeaveReply(true, room);
    }

    private async Task<IReadOnlyList<RoomSummary>> RoomsAsync(Socket socket)
    {
        var rooms = ChatRooms(socket);
        var summaries = new RoomSummary[rooms.Count];
        for (var i = 0; i < rooms.Count; i++)
        {
            summaries[i] = new RoomSummary(rooms[i], await presence.UsersAsync(rooms[i], socket.Disconnected).ConfigureAwait(false));
        }

        return summaries;
    }

    private object Message(Socket socket, string user, JsonElement value)
    {
        var room = ChatNames.ReadString(value, "room");
        var text = ChatNames.ReadString(value, "text");
        var clientId = ChatNames.ReadString(value, "clientId");
        if (room is null || !ChatNames.IsChatRoom(room, socket.Id) || !socket.Rooms.Contains(room))
        {
            return new ErrorReply("join the room first");
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
        {
            return new ErrorReply($"text must be 1-{MaxTextLength} characters");
        }

        if (clientId is { Length: > MaxClientIdLength })
        {
            return new ErrorReply($"clientId must be at most {MaxClientIdLength} characters");
        }

        var id = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        var at = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        io.To(room).Emit("message", new ChatMessage(id, room, user, text, at, clientId));
        return new MessageReceipt(id, at);
    }

    private static void Typing(Socket socket, string user, JsonElement value)
    {
        var room = ChatNames.ReadString(value, "room");
        if (room is null || !ChatNames.IsChatRoom(room, socket.Id) || !socket.Rooms.Contains(room)
            || !value.TryGetProperty("typing", out var typing) || typing.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return;
        }

        // Volatile: a typing notice that cannot go out at once is worthless later.
        socket.To(room).Volatile.Emit("typing", new TypingUpdate(room, user, typing.GetBoolean()));
    }

    private static List<string> RoomsFromAuth(Socket socket)
    {
        var auth = socket.Handshake.Auth;
        if (auth.ValueKind != JsonValueKind.Object || !auth.TryGetProperty("rooms", out var rooms))
        {
            return [ChatNames.DefaultRoom];
        }

        return rooms.ValueKind != JsonValueKind.Array
            ? []
            : rooms.EnumerateArray()
                .Where(r => r.ValueKind == JsonValueKind.String)
                .Select(r => r.GetString()!)
                .Where(r => ChatNames.IsJoinable(r, socket.Namespace))
                .Distinct(StringComparer.Ordinal)
                .ToList();
    }

    private static List<string> ChatRooms(Socket socket) =>
        [.. socket.Rooms.Where(r => ChatNames.IsChatRoom(r, socket.Id)).Order(StringComparer.Ordinal)];

    private static int ChatRoomCount(Socket socket) => socket.Rooms.Count(r => ChatNames.IsChatRoom(r, socket.Id));
}
