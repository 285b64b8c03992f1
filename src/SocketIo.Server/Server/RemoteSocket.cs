using SocketIo.Server.Adapters;

namespace SocketIo.Server;

/// <summary>
/// A socket found by <see cref="BroadcastOperator.FetchSocketsAsync"/>, on this node or another: a snapshot of its
/// state, and operations that reach it wherever it is.
/// </summary>
public sealed class RemoteSocket
{
    private readonly Namespace _namespace;

    internal RemoteSocket(Namespace nsp, SocketDescription description)
    {
        _namespace = nsp;
        Id = description.Id;
        Handshake = description.Handshake;
        Rooms = description.Rooms;
        Data = description.Data;
    }

    /// <summary>The socket id.</summary>
    public string Id { get; }

    /// <summary>The handshake the socket connected with.</summary>
    public SocketHandshake Handshake { get; }

    /// <summary>The rooms it was in when fetched.</summary>
    public IReadOnlyCollection<string> Rooms { get; }

    /// <summary>Its user data when fetched.</summary>
    public IReadOnlyDictionary<string, object?> Data { get; }

    /// <summary>Sends it an event.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task EmitAsync(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default) =>
        _namespace.Operator().To(Id).EmitAsync(eventName, arguments, cancellationToken);

    /// <summary>Sends it an event and returns the first argument of its acknowledgement.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="AckTimeoutException">No answer in time.</exception>
    public async Task<object?> EmitWithAckAsync(string eventName, TimeSpan timeout, object?[]? arguments = null, CancellationToken cancellationToken = default)
    {
        var responses = await _namespace.Operator().To(Id).Timeout(timeout).ExpectingSingleResponse
            .EmitWithAckAsync(eventName, arguments, cancellationToken).ConfigureAwait(false);
        return responses.Count > 0 ? responses[0] : null;
    }

    /// <summary>Makes it join rooms.</summary>
    /// <param name="rooms">The rooms.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task JoinAsync(IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default) =>
        _namespace.Operator().To(Id).SocketsJoinAsync(rooms, cancellationToken);

    /// <summary>Makes it leave rooms.</summary>
    /// <param name="rooms">The rooms.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task LeaveAsync(IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default) =>
        _namespace.Operator().To(Id).SocketsLeaveAsync(rooms, cancellationToken);

    /// <summary>Disconnects it; with <paramref name="close"/>, closes its connection.</summary>
    /// <param name="close">Whether to close the underlying connection.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task DisconnectAsync(bool close = false, CancellationToken cancellationToken = default) =>
        _namespace.Operator().To(Id).DisconnectSocketsAsync(close, cancellationToken);
}
