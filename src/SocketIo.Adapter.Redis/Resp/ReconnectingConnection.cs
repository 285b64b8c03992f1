using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace SocketIo.Adapter.Redis.Resp;

/// <summary>
/// Keeps one connection to Redis up: connects (retrying by <see cref="ReconnectPolicy"/>), prepares it, waits for it
/// to break, and starts over, until disposed.
/// </summary>
internal sealed class ReconnectingConnection : IAsyncDisposable
{
    private readonly string _role;
    private readonly string _server;
    private readonly RedisConnectionOptions _options;
    private readonly RespFrameFilter? _filter;
    private readonly Func<RespConnection, CancellationToken, Task>? _prepare;
    private readonly Action<RespConnection>? _lost;
    private readonly Action _stateChanged;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _pipeline;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private RespConnection? _current;
    private Exception? _lastError;
    private int _failedAttempts;
    private int _disposed;

    /// <summary>Creates the keeper; nothing connects before <see cref="Start"/>.</summary>
    /// <param name="role">What the connection is for, in log messages (e.g. "command", "subscriber").</param>
    /// <param name="options">Where and how to connect.</param>
    /// <param name="filter">The new connections' frame filter.</param>
    /// <param name="prepare">Run on each new connection before it counts as up (e.g. subscribing again); a failure is a failed attempt.</param>
    /// <param name="lost">Run when a connection (prepared or not) is given up.</param>
    /// <param name="stateChanged">Run when <see cref="Current"/> changes.</param>
    /// <param name="logger">Where losses, failures and restorations are logged.</param>
    /// <param name="time">The clock.</param>
    public ReconnectingConnection(
        string role,
        RedisConnectionOptions options,
        RespFrameFilter? filter,
        Func<RespConnection, CancellationToken, Task>? prepare,
        Action<RespConnection>? lost,
        Action stateChanged,
        ILogger logger,
        TimeProvider time)
    {
        _role = role;
        _options = options;
        _server = $"{options.Host}:{options.Port}";
        _filter = filter;
        _prepare = prepare;
        _lost = lost;
        _stateChanged = stateChanged;
        _logger = logger;
        _time = time;
        _pipeline = ReconnectPolicy.Create(options, time, OnRetry);
    }

    /// <summary>The connection, once up and prepared; null while (re)connecting.</summary>
    public RespConnection? Current => Volatile.Read(ref _current);

    /// <summary>Completes the first time a connection is up.</summary>
    public Task FirstConnected => _firstConnected.Task;

    /// <summary>Why the latest attempt failed, or the latest connection broke; null if nothing failed yet.</summary>
    public Exception? LastError => Volatile.Read(ref _lastError);

    /// <summary>Starts connecting in the background.</summary>
    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Stops reconnecting, closes the connection and waits for the background loop to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            RespConnection connection;
            try
            {
                connection = await _pipeline.ExecuteAsync(
                    static (self, token) => self.ConnectOnceAsync(token), this, stopping).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // Stopped during an attempt: whatever that attempt ended with no longer matters.
                break;
            }

            var attempts = Interlocked.Exchange(ref _failedAttempts, 0) + 1;
            Volatile.Write(ref _current, connection);
            if (_firstConnected.TrySetResult())
            {
                RespLog.Connected(_logger, _role, _server);
            }
            else
            {
                RespLog.ConnectionRestored(_logger, _role, _server, attempts);
            }

            _stateChanged();
            try
            {
                await connection.Closed.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Disposing: fall through to close it.
            }

            Volatile.Write(ref _current, null);
            _lost?.Invoke(connection);
            await connection.DisposeAsync().ConfigureAwait(false);
            if (!stopping.IsCancellationRequested)
            {
                Volatile.Write(ref _lastError, connection.CloseReason);
                RespLog.ConnectionLost(_logger, _role, _server, connection.CloseReason);
                _stateChanged();
            }
        }
    }

    private async ValueTask<RespConnection> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var connection = await RespConnection.ConnectAsync(_options, _filter, _time, cancellationToken).ConfigureAwait(false);
        try
        {
            if (_prepare is not null)
            {
                await _prepare(connection, cancellationToken).ConfigureAwait(false);
            }

            return connection.IsOpen
                ? connection
                : throw connection.CloseReason as RedisConnectionException ?? new RedisConnectionException($"The connection to Redis at {_server} broke.", connection.CloseReason!);
        }
        catch
        {
            _lost?.Invoke(connection);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private ValueTask OnRetry(OnRetryArguments<object> arguments)
    {
        var error = arguments.Outcome.Exception;
        Volatile.Write(ref _lastError, error);
        var attempt = Interlocked.Increment(ref _failedAttempts);
        var delayMs = arguments.RetryDelay.TotalMilliseconds;
        if (attempt == 1)
        {
            RespLog.ConnectFailed(_logger, _role, _server, delayMs, error);
        }
        else
        {
            RespLog.ConnectRetryFailed(_logger, _role, _server, attempt, delayMs, error);
        }

        return ValueTask.CompletedTask;
    }
}
