using System.Diagnostics.CodeAnalysis;

namespace SocketIo.Server.Adapters;

/// <summary>The namespace side of an adapter: its sockets on this node and its server-side listeners.</summary>
internal interface ILocalSocketRegistry
{
    bool TryGetSocket(string id, [NotNullWhen(true)] out ILocalSocket? socket);

    /// <summary>Runs the namespace's server-side listeners for an event another node emitted.</summary>
    /// <param name="arguments">The event name followed by its arguments.</param>
    /// <param name="onAck">Called with the first argument of the first listener's acknowledgement, if wanted.</param>
    void DispatchServerSideEmit(IReadOnlyList<object?> arguments, Action<object?>? onAck);

    /// <summary>Allocates the next acknowledgement id of the namespace.</summary>
    long NextAckId();
}
