namespace SocketIo.Server.Adapters;

/// <summary>
/// An event on its way to many sockets: socket.io's adapter packet <c>{type: 2, data: [event, ...args]}</c>. It is
/// encoded once per node, and the same bytes go to every recipient there.
/// </summary>
public sealed class BroadcastPacket
{
    private readonly object?[] _arguments;

    /// <summary>Creates the packet.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">
    /// The arguments: JSON-serializable values, <see cref="System.Text.Json.JsonElement"/>, <c>byte[]</c> or
    /// <see cref="ReadOnlyMemory{T}"/> of bytes for binary (anywhere in the value).
    /// </param>
    public BroadcastPacket(string eventName, IReadOnlyList<object?> arguments)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(arguments);
        EventName = eventName;
        _arguments = arguments as object?[] ?? [.. arguments];
    }

    /// <summary>The event name.</summary>
    public string EventName { get; }

    /// <summary>The event's arguments.</summary>
    public IReadOnlyList<object?> Arguments => _arguments;

    internal ReadOnlyMemory<object?> ArgumentMemory => _arguments;

    /// <summary>The same event with the recovery offset appended as its last argument, as socket.io does.</summary>
    internal BroadcastPacket WithOffset(string offset)
    {
        var arguments = new object?[_arguments.Length + 1];
        _arguments.CopyTo(arguments, 0);
        arguments[^1] = offset;
        return new BroadcastPacket(EventName, arguments);
    }
}
