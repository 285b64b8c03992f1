namespace SocketIo.Server.Adapters;

/// <summary>What connection state recovery keeps of a socket that dropped, to restore it when its client returns.</summary>
/// <param name="SocketId">The socket id, given back to the restored socket.</param>
/// <param name="PrivateId">The private session id the client presents to recover (<c>pid</c>).</param>
/// <param name="Rooms">The rooms the socket was in.</param>
/// <param name="Data">The socket's user data.</param>
public sealed record PersistedSession(
    string SocketId,
    string PrivateId,
    IReadOnlyCollection<string> Rooms,
    IReadOnlyDictionary<string, object?> Data)
{
    /// <summary>
    /// The stable id of the socket's user (NameIdentifier, else <c>sub</c>, else name; null when unauthenticated). A
    /// client that re-authenticates as someone else gets a fresh session instead of this one.
    /// </summary>
    public string? UserKey { get; init; }
}

/// <summary>A session found again, with the packets its client missed, oldest first.</summary>
/// <param name="Session">The session as it was persisted.</param>
/// <param name="MissedPackets">The events broadcast to the socket while it was away, each with its offset last.</param>
public sealed record RecoveredSession(PersistedSession Session, IReadOnlyList<BroadcastPacket> MissedPackets);
