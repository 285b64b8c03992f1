using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
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
    private readonly ClientWebSocket _socket;
    private readonly Channel<ReceivedEvent> _events = Channel.CreateUnbounded<ReceivedEvent>();
    private readonly ConcurrentDictionary<string, Func<ReceivedEvent, object?>> _answers = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sending = new(1, 1);
    private Task _reading = Task.CompletedTask;

    private SocketIoTestClient(ClientWebSocket socket)
    {
        _socket = socket;
    }

    /// <summary>The socket id the server gave this client.</summary>
    public string Id { get; private set; } = string.Empty;

    /// <summary>Completes when the server disconnects the socket or the connection ends.</summary>
    public Task Disconnected => _disconnected.Task;

    public static async Task<SocketIoTestClient> ConnectAsync(SocketIoTestServer server)
    {
        var client = new SocketIoTestClient(await server.ConnectAsync());
        await client.SendAsync("40");
        var reply = await client._socket.ReceiveTextAsync();
        reply.Should().StartWith("40{");
        using (var connect = JsonDocument.Parse(reply[2..]))
        {
            client.Id = connect.RootElement.GetProperty("sid").GetString()!;
        }

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
        _socket.Abort();
        await _reading;
        _socket.Dispose();
        _sending.Dispose();
    }

    private async Task SendAsync(string text)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendTextAsync(text);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            while (true)
            {
                var (type, data) = await _socket.ReceiveMessageAsync(Timeout.InfiniteTimeSpan);
                if (type != WebSocketMessageType.Text)
                {
                    break;
                }

                var text = Encoding.UTF8.GetString(data);
                if (text == "2")
                {
                    await SendAsync("3");
                }
                else if (text.StartsWith('4'))
                {
                    await OnPacketAsync(text[1..]);
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
            await SendAsync($"43{packet[1..end]}{JsonSerializer.Serialize(new[] { answer(received) })}");
        }

        _events.Writer.TryWrite(received);
    }
}
