using System.Buffers;
using Microsoft.Extensions.Logging;

namespace SocketIo.Adapter.Redis.Resp;

/// <summary>
/// Our Redis client: a command connection (PUBLISH, PUBSUB, anything else) and a subscriber connection, each kept up
/// in the background and reconnected with back-off; subscriptions are made again on every new subscriber connection.
/// </summary>
/// <remarks>
/// Commands never wait for a connection: while one is down they fail at once with
/// <see cref="RedisConnectionException"/>. Messages are handed to their handlers on the subscriber connection's
/// reading loop, one at a time, in the order Redis sent them.
/// </remarks>
internal sealed class RespPubSubClient : IRedisPubSubClient
{
    private readonly RedisConnectionOptions _options;
    private readonly ILogger<RespPubSubClient> _logger;
    private readonly TimeProvider _time;
    private readonly RespSubscriber _subscriptions;
    private readonly ReconnectingConnection _commands;
    private readonly ReconnectingConnection _subscriber;
    private readonly Lock _stateGate = new();
    private bool _reportedConnected;
    private int _started;
    private int _disposed;

    /// <summary>Creates the client; nothing connects before <see cref="StartAsync"/>.</summary>
    /// <param name="options">Where Redis is and how to connect (checked now, used as they are at each connection).</param>
    /// <param name="logger">Where connection losses and restorations, and handler failures, are logged.</param>
    /// <param name="time">The clock for timeouts and back-off; the system clock by default.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public RespPubSubClient(RedisConnectionOptions options, ILogger<RespPubSubClient> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _subscriptions = new RespSubscriber(logger);
        _commands = new ReconnectingConnection(
            "command", options, filter: null, prepare: null, lost: null, OnStateChanged, logger, _time);
        _subscriber = new ReconnectingConnection(
            "subscriber", options, _subscriptions.Filter, _subscriptions.AttachAsync, _subscriptions.Detach, OnStateChanged, logger, _time);
    }

    /// <inheritdoc/>
    public event Action<bool>? ConnectionChanged;

    /// <inheritdoc/>
    public bool IsConnected => _commands.Current is { IsOpen: true } && _subscriber.Current is { IsOpen: true };

    /// <summary>
    /// Starts connecting, and waits until both connections are up (subscriptions made) or
    /// <see cref="RedisConnectionOptions.ConnectTimeout"/> elapsed. Either way the client keeps (re)connecting in the
    /// background until disposed. Calling it again only waits again.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the client keeps connecting).</param>
    /// <exception cref="RedisConnectionException">Not connected in time; the message says why the last attempt failed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _commands.Start();
            _subscriber.Start();
        }

        var connected = Task.WhenAll(_commands.FirstConnected, _subscriber.FirstConnected);
        try
        {
            await connected.WaitAsync(_options.ConnectTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var cause = _commands.FirstConnected.IsCompleted ? _subscriber.LastError : _commands.LastError;
            throw new RedisConnectionException(
                $"Could not connect to Redis at {_options.Host}:{_options.Port} within {_options.ConnectTimeout.TotalMilliseconds} ms"
                + (cause is null ? "." : $": {cause.Message}") + " Still trying in the background.",
                cause ?? new TimeoutException());
        }
    }

    /// <inheritdoc/>
    public async Task<long> PublishAsync(RedisChannel channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        RequireChannel(channel);
        var reply = await CommandConnection().SendAsync(
            (Sharded: channel.Kind == RedisChannelKind.Sharded, channel.Name, Message: message),
            static (IBufferWriter<byte> writer, in (bool Sharded, string Name, ReadOnlyMemory<byte> Message) command) =>
            {
                RespWriter.WriteArrayHeader(writer, 3);
                RespWriter.WriteBulkString(writer, command.Sharded ? "SPUBLISH"u8 : "PUBLISH"u8);
                RespWriter.WriteBulkString(writer, command.Name);
                RespWriter.WriteBulkString(writer, command.Message.Span);
            },
            cancellationToken).ConfigureAwait(false);
        return reply.Integer;
    }

    /// <inheritdoc/>
    public async Task<long> CountSubscribersAsync(RedisChannel channel, CancellationToken cancellationToken = default)
    {
        RequireChannel(channel);
        var reply = await CommandConnection().SendAsync(
            (Sharded: channel.Kind == RedisChannelKind.Sharded, channel.Name),
            static (IBufferWriter<byte> writer, in (bool Sharded, string Name) command) =>
            {
                RespWriter.WriteArrayHeader(writer, 3);
                RespWriter.WriteBulkString(writer, "PUBSUB"u8);
                RespWriter.WriteBulkString(writer, command.Sharded ? "SHARDNUMSUB"u8 : "NUMSUB"u8);
                RespWriter.WriteBulkString(writer, command.Name);
            },
            cancellationToken).ConfigureAwait(false);

        // [channel, count]: an array in RESP2, a map (kept flattened) in RESP3.
        return reply.Count == 2 ? reply[1].Integer : throw new RedisCommandException($"Unexpected reply to PUBSUB: {reply}.");
    }

    /// <inheritdoc/>
    public Task SubscribeAsync(RedisChannel channel, RedisMessageHandler handler, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentNullException.ThrowIfNull(channel.Name);
        return _subscriptions.SubscribeAsync(channel, handler, cancellationToken);
    }

    /// <inheritdoc/>
    public Task UnsubscribeAsync(RedisChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel.Name);
        return _subscriptions.UnsubscribeAsync(channel, cancellationToken);
    }

    /// <summary>Runs any command on the command connection (for tests and tools; the adapters use the typed methods).</summary>
    /// <param name="arguments">The command name and its arguments, e.g. <c>"PUBSUB", "NUMSUB", "ch"</c>.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="RedisConnectionException">Not connected, or the connection broke before the reply.</exception>
    /// <exception cref="RedisCommandException">Redis answered with an error.</exception>
    public Task<RespValue> ExecuteAsync(params string[] arguments) => ExecuteAsync(arguments, CancellationToken.None);

    /// <summary>Runs any command on the command connection.</summary>
    /// <param name="arguments">The command name and its arguments.</param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="RedisConnectionException">Not connected, or the connection broke before the reply.</exception>
    /// <exception cref="RedisCommandException">Redis answered with an error.</exception>
    public Task<RespValue> ExecuteAsync(string[] arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Length == 0 || Array.IndexOf(arguments, null) >= 0)
        {
            throw new ArgumentException("A command needs its name, and no argument may be null.", nameof(arguments));
        }

        return CommandConnection().SendAsync(arguments, cancellationToken);
    }

    /// <summary>Stops reconnecting and closes both connections; pending commands fail.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Task.WhenAll(_commands.DisposeAsync().AsTask(), _subscriber.DisposeAsync().AsTask()).ConfigureAwait(false);
    }

    private static void RequireChannel(RedisChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel.Name);
        if (channel.Kind == RedisChannelKind.Pattern)
        {
            throw new ArgumentException("A pattern can only be subscribed to, not published to or counted.", nameof(channel));
        }
    }

    private RespConnection CommandConnection()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _commands.Current is { IsOpen: true } connection
            ? connection
            : throw new RedisConnectionException(
                $"Not connected to Redis at {_options.Host}:{_options.Port}"
                + (_commands.LastError is { } cause ? $": {cause.Message}" : "."),
                _commands.LastError ?? new InvalidOperationException("Not connected."));
    }

    private void OnStateChanged()
    {
        // Under the lock so listeners see the changes in the order they happened; they must not block.
        lock (_stateGate)
        {
            var connected = _commands.Current is not null && _subscriber.Current is not null;
            if (connected == _reportedConnected)
            {
                return;
            }

            _reportedConnected = connected;
            try
            {
                ConnectionChanged?.Invoke(connected);
            }
            catch (Exception ex)
            {
                RespLog.ConnectionChangedHandlerFailed(_logger, ex);
            }
        }
    }
}
