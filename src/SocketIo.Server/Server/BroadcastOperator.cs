using SocketIo.Server.Adapters;
using SocketIo.Server.Diagnostics;

namespace SocketIo.Server;

/// <summary>
/// Addresses sockets of a namespace by room across the cluster (socket.io's <c>BroadcastOperator</c>). Immutable:
/// each modifier returns a new operator, so they chain.
/// </summary>
/// <example>
/// <code>
/// io.To("room1").To("room2").Except("room3").Emit("news", payload);
/// var answers = await io.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("ready?");
/// await io.In("lobby").SocketsJoinAsync("game-42");
/// </code>
/// </example>
public readonly struct BroadcastOperator
{
    private readonly Namespace _namespace;
    private readonly HashSet<string>? _rooms;
    private readonly HashSet<string>? _except;
    private readonly BroadcastFlags _flags;

    internal BroadcastOperator(Namespace nsp, HashSet<string>? rooms = null, HashSet<string>? except = null, BroadcastFlags flags = default)
    {
        _namespace = nsp;
        _rooms = rooms;
        _except = except;
        _flags = flags;
    }

    /// <summary>Only this node's sockets; nothing is published to other nodes.</summary>
    public BroadcastOperator Local => new(Namespace, _rooms, _except, _flags with { Local = true });

    /// <summary>Drop the packet for clients that cannot take it at once.</summary>
    public BroadcastOperator Volatile => new(Namespace, _rooms, _except, _flags with { Volatile = true });

    private Namespace Namespace => _namespace ?? throw new InvalidOperationException("This operator was not obtained from a server, namespace or socket.");

    /// <summary>Adds the members of <paramref name="room"/> to the recipients.</summary>
    /// <param name="room">The room.</param>
    public BroadcastOperator To(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(Namespace, With(_rooms, room), _except, _flags);
    }

    /// <summary>Adds the members of any of <paramref name="rooms"/> to the recipients.</summary>
    /// <param name="rooms">The rooms.</param>
    public BroadcastOperator To(IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        return new(Namespace, With(_rooms, rooms), _except, _flags);
    }

    /// <summary>Same as <see cref="To(string)"/>.</summary>
    /// <param name="room">The room.</param>
    public BroadcastOperator In(string room) => To(room);

    /// <summary>Same as <see cref="To(IEnumerable{string})"/>.</summary>
    /// <param name="rooms">The rooms.</param>
    public BroadcastOperator In(IEnumerable<string> rooms) => To(rooms);

    /// <summary>Leaves the members of <paramref name="room"/> out.</summary>
    /// <param name="room">The room.</param>
    public BroadcastOperator Except(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return new(Namespace, _rooms, With(_except, room), _flags);
    }

    /// <summary>Leaves the members of any of <paramref name="rooms"/> out.</summary>
    /// <param name="rooms">The rooms.</param>
    public BroadcastOperator Except(IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        return new(Namespace, _rooms, With(_except, rooms), _flags);
    }

    /// <summary>Compression on or off for the packet.</summary>
    /// <param name="compress">False to ask for no compression.</param>
    public BroadcastOperator Compress(bool compress) => new(Namespace, _rooms, _except, _flags with { Compress = compress });

    /// <summary>Bounds the wait for acknowledgements (<see cref="EmitWithAckAsync"/>).</summary>
    /// <param name="timeout">How long to wait.</param>
    public BroadcastOperator Timeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return new(Namespace, _rooms, _except, _flags with { Timeout = timeout });
    }

    internal BroadcastOperator ExpectingSingleResponse => new(Namespace, _rooms, _except, _flags with { ExpectSingleResponse = true });

    /// <summary>
    /// Sends an event to the addressed sockets without waiting for other nodes; a failure to publish is logged.
    /// Use <see cref="EmitAsync"/> to await publishing.
    /// </summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    public void Emit(string eventName, params object?[] arguments)
    {
        var task = EmitAsync(eventName, arguments);
        if (!task.IsCompletedSuccessfully)
        {
            var server = Namespace.Server;
            var name = Namespace.Name;
            _ = task.ContinueWith(
                t => SocketIoLog.PublishFailed(server.Logger, name, eventName, t.Exception!.InnerException!),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default);
        }
    }

    /// <summary>Sends an event to the addressed sockets; completes when it is delivered here and published.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task EmitAsync(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default)
    {
        Socket.ThrowIfReserved(eventName);
        var packet = new BroadcastPacket(eventName, arguments ?? []);
        var options = Options();
        var targets = Namespace.BroadcastTargets();
        if (targets.Count == 1)
        {
            return targets[0].Adapter.BroadcastAsync(packet, options, cancellationToken);
        }

        var tasks = new Task[targets.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = targets[i].Adapter.BroadcastAsync(packet, options, cancellationToken);
        }

        return Task.WhenAll(tasks);
    }

    /// <summary>
    /// Sends an event asking every addressed client to acknowledge, and returns the first argument of each answer
    /// once all of them (on every node) arrived. With <see cref="Timeout"/>, fails with
    /// <see cref="AckTimeoutException"/> carrying the answers so far; without, waits until all answered or
    /// <paramref name="cancellationToken"/>.
    /// </summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<IReadOnlyList<object?>> EmitWithAckAsync(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default)
    {
        Socket.ThrowIfReserved(eventName);
        if (Namespace.IsDynamicParent)
        {
            throw new NotSupportedException("Acknowledgements are not supported on a parent namespace.");
        }

        var collector = new BroadcastAckCollector(Namespace.Server.TimeProvider, _flags.Timeout, cancellationToken);
        var adapter = Namespace.Adapter;
        var packet = new BroadcastPacket(eventName, arguments ?? []);
        _ = collector.RunAsync(adapter.BroadcastWithAckAsync(packet, Options(), collector.OnClientCount, collector.OnAck, cancellationToken));
        return collector.Task;
    }

    /// <summary>Describes the addressed sockets, on every node.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(CancellationToken cancellationToken = default)
    {
        if (Namespace.IsDynamicParent)
        {
            throw new NotSupportedException("FetchSocketsAsync() is not supported on a parent namespace.");
        }

        var nsp = Namespace;
        var found = await nsp.Adapter.FetchSocketsAsync(Options(), cancellationToken).ConfigureAwait(false);
        var sockets = new RemoteSocket[found.Count];
        for (var i = 0; i < sockets.Length; i++)
        {
            sockets[i] = new RemoteSocket(nsp, found[i]);
        }

        return sockets;
    }

    /// <summary>Makes the addressed sockets, on every node, join <paramref name="room"/>.</summary>
    /// <param name="room">The room.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task SocketsJoinAsync(string room, CancellationToken cancellationToken = default) =>
        SocketsJoinAsync([room], cancellationToken);

    /// <summary>Makes the addressed sockets, on every node, join <paramref name="rooms"/>.</summary>
    /// <param name="rooms">The rooms.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task SocketsJoinAsync(IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var options = Options();
        return ForEachTarget(adapter => adapter.AddSocketsAsync(options, rooms, cancellationToken));
    }

    /// <summary>Makes the addressed sockets, on every node, leave <paramref name="room"/>.</summary>
    /// <param name="room">The room.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task SocketsLeaveAsync(string room, CancellationToken cancellationToken = default) =>
        SocketsLeaveAsync([room], cancellationToken);

    /// <summary>Makes the addressed sockets, on every node, leave <paramref name="rooms"/>.</summary>
    /// <param name="rooms">The rooms.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task SocketsLeaveAsync(IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var options = Options();
        return ForEachTarget(adapter => adapter.DelSocketsAsync(options, rooms, cancellationToken));
    }

    /// <summary>Disconnects the addressed sockets on every node; with <paramref name="close"/>, closes their connections.</summary>
    /// <param name="close">Whether to close the underlying connections.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task DisconnectSocketsAsync(bool close = false, CancellationToken cancellationToken = default)
    {
        var options = Options();
        return ForEachTarget(adapter => adapter.DisconnectSocketsAsync(options, close, cancellationToken));
    }

    private static HashSet<string> With(HashSet<string>? set, string room)
    {
        var copy = set is null ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(set, StringComparer.Ordinal);
        copy.Add(room);
        return copy;
    }

    private static HashSet<string> With(HashSet<string>? set, IEnumerable<string> rooms)
    {
        var copy = set is null ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(set, StringComparer.Ordinal);
        copy.UnionWith(rooms);
        return copy;
    }

    private BroadcastOptions Options() => new(_rooms, _except, _flags);

    private Task ForEachTarget(Func<NamespaceAdapter, Task> action)
    {
        var targets = Namespace.BroadcastTargets();
        if (targets.Count == 1)
        {
            return action(targets[0].Adapter);
        }

        var tasks = new Task[targets.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            tasks[i] = action(targets[i].Adapter);
        }

        return Task.WhenAll(tasks);
    }
}
