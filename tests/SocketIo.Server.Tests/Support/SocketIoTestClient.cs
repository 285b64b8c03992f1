using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace SocketIo.Server.Tests.Support;

/// <summary>An event a <see cref="SocketIoTestClient"/> received.</summary>
internal sealed record ReceivedEvent(string Name, IReadOnlyList<JsonElement> Arguments);

/// <summary>
/// A minimal Socket.IO client of the main namespace over a raw Engine.IO WebSocket: it answers pings, queues the
/// events it receives in order, acknowledges the events it was told to, and notices its disconnection.
/// </summary>
internal sealed class SocketIoTestClient : IAsyncDisposable
{
    private readonly RawSocketIoClient _raw;
    private readonly Channel<ReceivedEvent> _events = Channel.CreateUnbounded<ReceivedEvent>();
    private readonly ConcurrentDictionary<string, Func<ReceivedEvent, object?>> _answers = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reading = Task.CompletedTask;

    private SocketIoTestClient(RawSocketIoClient raw)
    {
        _raw = raw;
    }

    /// <summary>The socket id the server gave this client.</summary>
    public string Id { get; private set; } = string.Empty;

    /// <summary>Completes when the server disconnects the socket or the connection ends.</summary>
    public Task Disconnected => _disconnected.Task;

    public static async Task<SocketIoTestClient> ConnectAsync(SocketIoTestServer server)
    {
        var client = new SocketIoTestClient(await RawSocketIoClient.ConnectAsync(server));
        client.Id = await client._raw.JoinAsync();

        // From here on the reading loop is the only sender (pongs and acks), so sends need no lock.
        client._reading = client.ReadAsync();
        return client;
    }

    /// <summary>Acknowledges every <paramref name="eventName"/> that asks for it with the value <paramref name="answer"/> gives.</summary>
    public void AnswerAcks(string eventName, Func<ReceivedEvent, object?> answer) => _answers[eventName] = answer;

    /// <summary>The next event received, in order.</summary>
    public async Task<ReceivedEvent> NextEventAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _events.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _raw.Abort();
        await _reading;
        await _raw.DisposeAsync();
    }

    private async Task ReadAsync()
    {
        try
        {
            while (true)
            {
                var frame = await _raw.ReceiveAsync(Timeout.InfiniteTimeSpan);
                if (frame == "<closed>" || frame.StartsWith("binary:", StringComparison.Ordinal))
                {
                    break;
                }

                if (frame.StartsWith('4'))
                {
                    await OnPacketAsync(frame[1..]);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended; Disconnected says so.
        }
        finally
        {
            _disconnected.TrySetResult();
            _events.Writer.TryComplete();
        }
    }

    private async Task OnPacketAsync(string packet)
    {
        if (packet[0] == '1')
        {
            _disconnected.TrySetResult();
            return;
        }

        if (packet[0] != '2')
        {
            return;
        }

        var end = 1;
        while (char.IsAsciiDigit(packet[end]))
        {
            end++;
        }

        using var document = JsonDocument.Parse(packet[end..]);
        var data = document.RootElement.Clone();
        var received = new ReceivedEvent(data[0].GetString()!, [.. data.EnumerateArray().Skip(1)]);
        if (end > 1 && _answers.TryGetValue(received.Name, out var answer))
        {
            await _raw.SendAsync($"43{packet[1..end]}{JsonSerializer.Serialize(new[] { answer(received) })}");
        }

        _events.Writer.TryWrite(received);
    }
}
