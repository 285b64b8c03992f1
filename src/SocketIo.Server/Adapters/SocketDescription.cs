namespace SocketIo.Server.Adapters;

/// <summary>
/// What a node tells about one of its sockets when asked to fetch them: socket.io's
/// <c>{id, handshake, rooms, data}</c>.
/// </summary>
/// <param name="Id">The socket id.</param>
/// <param name="Handshake">The handshake the socket connected with.</param>
/// <param name="Rooms">The rooms the socket is in (its own id included).</param>
/// <param name="Data">The socket's user data.</param>
public sealed record SocketDescription(
    string Id,
    SocketHandshake Handshake,
    IReadOnlyCollection<string> Rooms,
    IReadOnlyDictionary<string, object?> Data);
