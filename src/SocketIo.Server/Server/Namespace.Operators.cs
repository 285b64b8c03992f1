namespace SocketIo.Server;

public sealed partial class Namespace
{
    private static readonly string[] ReservedServerSideEvents = ["connect", "connection", "new_namespace"];

    /// <summary>Only this node's sockets; nothing is published to other nodes.</summary>
    public BroadcastOperator Local => Operator().Local;

    /// <summary>Drop the packet for clients that cannot take it at once.</summary>
    public BroadcastOperator Volatile => Operator().Volatile;

    /// <summary>Addresses the members of <paramref name="room"/>.</summary>
    /// <param name="room">The room.</param>
    public BroadcastOperator To(string room) => Operator().To(room);

    /// <summary>Addresses the members of any of <paramref name="rooms"/>.</summary>
    /// <param name="rooms">The rooms.</param>
    public BroadcastOperator To(IEnumerable<string> rooms) => Operator().To(rooms);

    /// <summary>Same as <see cref="To(string)"/>.</summary>
    /// <param name="room">The room.</param>
    public BroadcastOperator In(string room) => Operator().To(room);

    /// <summary>Same as <see cref="To(IEnumerable{string})"/>.</summary>
    /// <param name="rooms">The rooms.</param>
    public BroadcastOperator In(IEnumerable<string> rooms) => Operator().To(rooms);

    /// <summary>Addresses every socket except the members of <paramref name="room"/>.</summary>
    /// <param name="room">The room to leave out.</param>
    public BroadcastOperator Except(string room) => Operator().Except(room);

    /// <summary>Addresses every socket except the members of any of <paramref name="rooms"/>.</summary>
    /// <param name="rooms">The rooms to leave out.</param>
    public BroadcastOperator Except(IEnumerable<string> rooms) => Operator().Except(rooms);

    /// <summary>Compression on or off for the packet.</summary>
    /// <param name="compress">False to ask for no compression.</param>
    public BroadcastOperator Compress(bool compress) => Operator().Compress(compress);

    /// <summary>Bounds the wait for acknowledgements.</summary>
    /// <param name="timeout">How long to wait.</param>
    public BroadcastOperator Timeout(TimeSpan timeout) => Operator().Timeout(timeout);

    /// <summary>Sends an event to every socket of the namespace, on every node.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    public void Emit(string eventName, params object?[] arguments) => Operator().Emit(eventName, arguments);

    /// <summary>Sends an event to every socket of the namespace and completes once it is published.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task EmitAsync(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default) =>
        Operator().EmitAsync(eventName, arguments, cancellationToken);

    /// <summary>Sends an event to every socket and collects their acknowledgements; see <see cref="BroadcastOperator.EmitWithAckAsync"/>.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<IReadOnlyList<object?>> EmitWithAckAsync(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default) =>
        Operator().EmitWithAckAsync(eventName, arguments, cancellationToken);

    /// <summary>Describes every socket of the namespace, on every node.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(CancellationToken cancellationToken = default) =>
        Operator().FetchSocketsAsync(cancellationToken);

    /// <summary>Makes every socket of the namespace join <paramref name="room"/>.</summary>
    /// <param name="room">The room.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task SocketsJoinAsync(string room, CancellationToken cancellationToken = default) =>
        Operator().SocketsJoinAsync(room, cancellationToken);

    /// <summary>Makes every socket of the namespace leave <paramref name="room"/>.</summary>
    /// <param name="room">The room.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task SocketsLeaveAsync(string room, CancellationToken cancellationToken = default) =>
        Operator().SocketsLeaveAsync(room, cancellationToken);

    /// <summary>Disconnects every socket of the namespace; with <paramref name="close"/>, closes their connections.</summary>
    /// <param name="close">Whether to close the underlying connections.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task DisconnectSocketsAsync(bool close = false, CancellationToken cancellationToken = default) =>
        Operator().DisconnectSocketsAsync(close, cancellationToken);

    /// <summary>
    /// Sends an event to this namespace's server-side listeners (<see cref="On"/>) on the other nodes of the
    /// cluster; with a single node, nothing happens.
    /// </summary>
    /// <param name="eventName">The event name; <c>connect</c>, <c>connection</c> and <c>new_namespace</c> are refused.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task ServerSideEmitAsync(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default) =>
        Adapter.ServerSideEmitAsync(ServerSidePacket(eventName, arguments), cancellationToken);

    /// <summary>
    /// Sends an event to the other nodes' server-side listeners and returns the first argument of each node's
    /// answer; with a single node, an empty list at once.
    /// </summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="timeout">How long to wait for the answers; default 5 seconds.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="AckTimeoutException">Not every node answered in time.</exception>
    public Task<IReadOnlyList<object?>> ServerSideEmitWithAckAsync(
        string eventName,
        object?[]? arguments = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        Adapter.ServerSideEmitWithAckAsync(ServerSidePacket(eventName, arguments), timeout ?? TimeSpan.FromSeconds(5), cancellationToken);

    private static object?[] ServerSidePacket(string eventName, object?[]? arguments)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        if (Array.IndexOf(ReservedServerSideEvents, eventName) >= 0)
        {
            throw new ArgumentException($"\"{eventName}\" is a reserved event name", nameof(eventName));
        }

        arguments ??= [];
        var packet = new object?[arguments.Length + 1];
        packet[0] = eventName;
        arguments.CopyTo(packet, 1);
        return packet;
    }
}
