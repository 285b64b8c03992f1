namespace SocketIo.Server.Parsing;

/// <summary>
/// What an outbound packet carries, independent of the wire format: nothing, one value (CONNECT, CONNECT_ERROR), or
/// an argument array (EVENT as <c>[name, ...args]</c>, ACK as <c>[...args]</c>). Binary values
/// (<c>byte[]</c>, <see cref="ReadOnlyMemory{T}"/>, <see cref="Memory{T}"/>, <see cref="ArraySegment{T}"/> of bytes)
/// may appear anywhere inside.
/// </summary>
internal readonly struct SocketIoPayload
{
    private SocketIoPayload(SocketIoPayloadKind kind, object? value, string? eventName, ReadOnlyMemory<object?> arguments)
    {
        Kind = kind;
        Value = value;
        EventName = eventName;
        Arguments = arguments;
    }

    /// <summary>No payload (DISCONNECT, a bare CONNECT).</summary>
    public static SocketIoPayload None => default;

    /// <summary>Which of the shapes this is.</summary>
    public SocketIoPayloadKind Kind { get; }

    /// <summary>The single value, for <see cref="SocketIoPayloadKind.Value"/>.</summary>
    public object? Value { get; }

    /// <summary>The event name written before the arguments, or null (ACK).</summary>
    public string? EventName { get; }

    /// <summary>The arguments, for <see cref="SocketIoPayloadKind.Arguments"/>.</summary>
    public ReadOnlyMemory<object?> Arguments { get; }

    /// <summary>A payload that is one value.</summary>
    /// <param name="value">The value; null is written as JSON <c>null</c>.</param>
    public static SocketIoPayload FromValue(object? value) => new(SocketIoPayloadKind.Value, value, null, default);

    /// <summary>An event payload: <c>[eventName, ...arguments]</c>.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    public static SocketIoPayload FromEvent(string eventName, ReadOnlyMemory<object?> arguments)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        return new(SocketIoPayloadKind.Arguments, null, eventName, arguments);
    }

    /// <summary>An ack payload: <c>[...arguments]</c>.</summary>
    /// <param name="arguments">The arguments.</param>
    public static SocketIoPayload FromArguments(ReadOnlyMemory<object?> arguments) =>
        new(SocketIoPayloadKind.Arguments, null, null, arguments);
}
