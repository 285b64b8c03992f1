namespace SocketIo.Server.Adapters;

/// <summary>
/// Which sockets an operation addresses, as socket.io's <c>{rooms, except}</c>: the members of any of
/// <see cref="Rooms"/> (every socket of the namespace when empty), less the members of any of <see cref="Except"/>.
/// </summary>
/// <param name="Rooms">The rooms whose members are addressed; empty for all sockets.</param>
/// <param name="Except">The rooms whose members are left out.</param>
internal readonly record struct RoomTarget(IReadOnlySet<string> Rooms, IReadOnlySet<string> Except)
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>(0, StringComparer.Ordinal);

    /// <summary>Every socket of the namespace.</summary>
    public static RoomTarget All => new(None, None);

    /// <summary>The rooms whose members are addressed; empty for all sockets.</summary>
    public IReadOnlySet<string> Rooms { get; init; } = Rooms ?? None;

    /// <summary>The rooms whose members are left out.</summary>
    public IReadOnlySet<string> Except { get; init; } = Except ?? None;
}
