namespace SocketIo.Server.Adapters;

/// <summary>
/// Whom an operation addresses and how, as socket.io's <c>{rooms, except, flags}</c>: the members of any of
/// <see cref="Rooms"/> (every socket of the namespace when empty), less the members of any of <see cref="Except"/>.
/// </summary>
public sealed class BroadcastOptions
{
    private static readonly IReadOnlySet<string> NoRooms = new HashSet<string>(0, StringComparer.Ordinal);

    /// <summary>Creates options addressing the members of <paramref name="rooms"/> less those of <paramref name="except"/>.</summary>
    /// <param name="rooms">The rooms whose members are addressed; null or empty for every socket.</param>
    /// <param name="except">The rooms whose members are left out.</param>
    /// <param name="flags">The broadcast modifiers.</param>
    public BroadcastOptions(IReadOnlySet<string>? rooms = null, IReadOnlySet<string>? except = null, BroadcastFlags flags = default)
    {
        Rooms = rooms ?? NoRooms;
        Except = except ?? NoRooms;
        Flags = flags;
    }

    /// <summary>Every socket of the namespace, no flags.</summary>
    public static BroadcastOptions All { get; } = new();

    /// <summary>The rooms whose members are addressed; empty for every socket of the namespace.</summary>
    public IReadOnlySet<string> Rooms { get; }

    /// <summary>The rooms whose members are left out.</summary>
    public IReadOnlySet<string> Except { get; }

    /// <summary>The broadcast modifiers.</summary>
    public BroadcastFlags Flags { get; }

    internal RoomTarget Target => new(Rooms, Except);
}
