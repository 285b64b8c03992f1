using System.Text.Json;
using Polly;

namespace DotnetClient;

/// <summary>
/// The chat client: keeps one connection up (reconnecting through <see cref="ReconnectPolicy"/>), sends what the user
/// says through the <see cref="OutboundQueue"/> in order, each message waiting for its acknowledgement, and prints
/// what the server sends.
/// </summary>
internal sealed class ChatClient : IAsyncDisposable
{
    private const int QueueCapacity = 100;

    private readonly ClientOptions _options;
    private readonly ChatOutput _output;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ChatLogin _login;
    private readonly ResiliencePipeline _reconnect;
    private readonly OutboundQueue _queue = new(QueueCapacity);
    private string? _token;
    private volatile ChatConnection? _current;

    public ChatClient(ClientOptions options, TextWriter output)
    {
        _options = options;
        var writer = TextWriter.Synchronized(output);
        _output = new ChatOutput(writer);
        _login = new ChatLogin(_http);
        _reconnect = ReconnectPolicy.Create(writer);
    }

    /// <summary>
    /// Runs until the user quits (<paramref name="cancellationToken"/>), or the input ends and everything said was
    /// acknowledged: always for standard input, only with <c>--exit-after-acks</c> for <c>--say</c> texts (without it
    /// the client stays on line to listen). Returns the process exit code.
    /// </summary>
    public async Task<int> RunAsync(IAsyncEnumerable<string> input, CancellationToken cancellationToken)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connection = StayConnectedAsync(running.Token);
        try
        {
            await foreach (var text in input.WithCancellation(running.Token))
            {
                Say(text);
            }

            if (_options.ExitAfterAcks || _options.Say.Count == 0)
            {
                await Task.WhenAny(_queue.WhenEmptyAsync(running.Token), connection).Unwrap();
            }
            else
            {
                await connection;
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            await running.CancelAsync();
            await IgnoreCancellation(connection);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_current is { } connection)
        {
            await connection.DisposeAsync();
        }

        _http.Dispose();
    }

    private void Say(string text)
    {
        var message = OutgoingMessage.Create(_options.Room, text);
        if (!_queue.TryEnqueue(message))
        {
            _output.Line($"not sent (the queue holds {QueueCapacity} messages already): {text}");
        }
        else if (_current is null)
        {
            _output.Line($"queued while offline: {text}");
        }
    }

    private async Task StayConnectedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var connection = await _reconnect.ExecuteAsync(ConnectOnceAsync, cancellationToken);
            _current = connection;
            try
            {
                using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var sending = SendQueuedAsync(connection, lost.Token);
                var reason = await connection.Disconnected.WaitAsync(cancellationToken);
                _current = null;
                _output.Line($"disconnected: {reason}");
                await lost.CancelAsync();
                await IgnoreCancellation(sending);
            }
            finally
            {
                _current = null;
                await connection.DisposeAsync();
            }
        }
    }

    private async ValueTask<ChatConnection> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        _token ??= await _login.GetTokenAsync(_options.Url, _options.Name, cancellationToken);
        try
        {
            var connection = await ChatConnection.ConnectAsync(_options.Url, _token, _options.Room, _output, cancellationToken);
            _output.Line($"connected as {_options.Name} ({connection.Id})");
            var joined = await connection.JoinAsync(_options.Room, cancellationToken);
            _output.Line($"joined {_options.Room}: {UserList(joined)}");
            return connection;
        }
        catch (ConnectionRefusedException)
        {
            // The token may have expired (or the server's key changed): log in again at the next attempt.
            _token = null;
            throw;
        }
    }

    /// <summary>Sends the queued messages one at a time, in order, until the connection is lost.</summary>
    private async Task SendQueuedAsync(ChatConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await _queue.PeekAsync(cancellationToken);
            JsonElement receipt;
            try
            {
                receipt = await connection.SendAsync(message, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // No acknowledgement: the message stays first in the queue, and a new connection sends it again.
                _output.Line($"no acknowledgement ({exception.Message}); reconnecting");
                await connection.CloseAsync("no acknowledgement");
                return;
            }

            if (receipt.ValueKind == JsonValueKind.Object && receipt.TryGetProperty("error", out var error))
            {
                _output.Line($"refused by the server ({error}): {message.Text}");
            }
            else
            {
                var id = receipt.ValueKind == JsonValueKind.Object && receipt.TryGetProperty("id", out var value) ? value.ToString() : "?";
                _output.Line($"acked {message.ClientId} as {id}");
            }

            _queue.Remove(message);
        }
    }

    private static string UserList(JsonElement reply) =>
        reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("users", out var users) && users.ValueKind == JsonValueKind.Array
            ? string.Join(", ", users.EnumerateArray().Select(u => u.GetString()))
            : "";

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Stopping is what was asked for.
        }
    }
}
