namespace SocketIo.Server;

/// <summary>
/// The acknowledgement a client asked for with its event: socket.io's callback argument. Only the first
/// <see cref="Send"/> counts. A handler may instead return a value, which is sent as the acknowledgement.
/// </summary>
/// <example>
/// <code>
/// socket.On("message-with-ack", (SocketIoArguments args, SocketIoAck ack) => ack.Send(args.ToArray()));
/// socket.On("add", (int a, int b) => a + b); // the client's callback gets the sum
/// </code>
/// </example>
public sealed class SocketIoAck
{
    internal static readonly SocketIoAck None = new(null);

    private readonly Func<object?[], bool>? _sink;
    private int _sent;

    internal SocketIoAck(Func<object?[], bool>? sink)
    {
        _sink = sink;
    }

    /// <summary>Whether the client asked for an acknowledgement.</summary>
    public bool IsRequested => _sink is not null;

    /// <summary>Whether the acknowledgement was already sent.</summary>
    public bool IsSent => Volatile.Read(ref _sent) == 1;

    /// <summary>
    /// Sends the acknowledgement with <paramref name="arguments"/>. Returns false when none was asked for, it was
    /// already sent, or the socket is gone.
    /// </summary>
    /// <param name="arguments">The values the client's callback receives.</param>
    public bool Send(params object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (_sink is null || Interlocked.Exchange(ref _sent, 1) == 1)
        {
            return false;
        }

        return _sink(arguments);
    }
}
