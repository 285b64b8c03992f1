using System.Text.Json;
using SocketIo.Server.Adapters;
using SocketIo.Server.Parsing;

namespace SocketIo.Server;

/// <summary>
/// An emit to one socket with modifiers (<see cref="Socket.Volatile"/>, <see cref="Socket.Timeout"/>,
/// <see cref="Socket.Compress"/>); the modifiers chain.
/// </summary>
/// <example><code>var answer = await socket.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync&lt;string&gt;("ping");</code></example>
public readonly struct SocketEmitter
{
    private readonly Socket _socket;
    private readonly BroadcastFlags _flags;

    internal SocketEmitter(Socket socket, BroadcastFlags flags)
    {
        _socket = socket;
        _flags = flags;
    }

    /// <summary>Drop the packet if the client cannot take it at once.</summary>
    public SocketEmitter Volatile => new(Socket, _flags with { Volatile = true });

    private Socket Socket => _socket ?? throw new InvalidOperationException("This emitter was not obtained from a socket.");

    /// <summary>Compression on or off for the packet.</summary>
    /// <param name="compress">False to ask for no compression.</param>
    public SocketEmitter Compress(bool compress) => new(Socket, _flags with { Compress = compress });

    /// <summary>Bounds the wait for the acknowledgement.</summary>
    /// <param name="timeout">How long to wait.</param>
    public SocketEmitter Timeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        return new(Socket, _flags with { Timeout = timeout });
    }

    /// <summary>Sends the event; false when the socket is disconnected.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    public bool Emit(string eventName, params object?[] arguments)
    {
        Socket.ThrowIfReserved(eventName);
        ArgumentNullException.ThrowIfNull(arguments);
        var socket = Socket;
        if (!socket.Connected)
        {
            return false;
        }

        if (socket.Namespace.Server.Options.ConnectionStateRecovery is not null && !_flags.Volatile)
        {
            // Through the adapter, as socket.io does, so the packet gets an offset and can be replayed.
            var options = new BroadcastOptions(new HashSet<string>(1, StringComparer.Ordinal) { socket.Id }, null, _flags with { Local = true });
            _ = socket.Namespace.Adapter.BroadcastAsync(new BroadcastPacket(eventName, arguments), options);
            return true;
        }

        socket.NotifyOutgoing(eventName, arguments);
        return socket.SendPacket(SocketIoPacketType.Event, null, SocketIoPayload.FromEvent(eventName, arguments), _flags.Volatile);
    }

    /// <summary>Sends the event and waits for the acknowledgement; see <see cref="Socket.EmitWithAckAsync(string, object?[], CancellationToken)"/>.</summary>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="AckTimeoutException">The timeout passed first.</exception>
    /// <exception cref="SocketIoLimitExceededException">
    /// The socket already waits for <see cref="SocketIoServerOptions.MaxPendingAcksPerSocket"/> acknowledgements; nothing
    /// was sent.
    /// </exception>
    public Task<SocketIoArguments> EmitWithAckAsync(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default)
    {
        Socket.ThrowIfReserved(eventName);
        var socket = Socket;
        arguments ??= [];
        var completion = new TaskCompletionSource<SocketIoArguments>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!socket.Connected)
        {
            completion.SetCanceled(socket.Disconnected);
            return completion.Task;
        }

        var ackId = socket.Namespace.NextAckId();
        var disconnected = socket.Disconnected;
        var expected = socket.Acks.Expect(
            ackId,
            _flags.Timeout,
            arguments => completion.TrySetResult(arguments),
            closed => _ = closed ? completion.TrySetCanceled(disconnected) : completion.TrySetException(new AckTimeoutException()));
        if (!expected)
        {
            var max = socket.Namespace.Server.Options.MaxPendingAcksPerSocket!.Value;
            completion.SetException(new SocketIoLimitExceededException(nameof(SocketIoServerOptions.MaxPendingAcksPerSocket), max));
            return completion.Task;
        }
        if (cancellationToken.CanBeCanceled)
        {
            var acks = socket.Acks;
            var registration = cancellationToken.Register(() =>
            {
                acks.Forget(ackId);
                completion.TrySetCanceled(cancellationToken);
            });
            _ = completion.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        socket.NotifyOutgoing(eventName, arguments);
        try
        {
            socket.SendPacket(SocketIoPacketType.Event, ackId, SocketIoPayload.FromEvent(eventName, arguments), _flags.Volatile);
        }
        catch (JsonException ex)
        {
            // Nothing was sent (e.g. arguments nested deeper than MaxJsonDepth): no answer will come.
            socket.Acks.Forget(ackId);
            completion.TrySetException(ex);
        }

        return completion.Task;
    }

    /// <summary>Sends the event and returns the acknowledgement's first argument as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type to bind the answer to.</typeparam>
    /// <param name="eventName">The event name.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<T?> EmitWithAckAsync<T>(string eventName, object?[]? arguments = null, CancellationToken cancellationToken = default)
    {
        var answer = await EmitWithAckAsync(eventName, arguments, cancellationToken).ConfigureAwait(false);
        return answer.GetValue<T>(0);
    }
}
