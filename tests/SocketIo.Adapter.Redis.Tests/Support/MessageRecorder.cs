using System.Threading.Channels;

namespace SocketIo.Adapter.Redis.Tests.Support;

/// <summary>Records the messages a subscription receives (copying the payloads) so a test can await them in order.</summary>
internal sealed class MessageRecorder
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private readonly Channel<ReceivedMessage> _messages = Channel.CreateUnbounded<ReceivedMessage>();

    public MessageRecorder() => Handler = (channel, payload) => _messages.Writer.TryWrite(new ReceivedMessage(channel, payload.ToArray()));

    /// <summary>The handler to subscribe with.</summary>
    public SocketIo.Adapter.Redis.Resp.RedisMessageHandler Handler { get; }

    /// <summary>Messages received and not taken yet.</summary>
    public int Pending => _messages.Reader.Count;

    /// <summary>The next message, waiting for it.</summary>
    public async Task<ReceivedMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _messages.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No message arrived in time.");
        }
    }

    /// <summary>The next <paramref name="count"/> messages.</summary>
    public async Task<List<ReceivedMessage>> TakeAsync(int count, TimeSpan? timeout = null)
    {
        var taken = new List<ReceivedMessage>(count);
        for (var i = 0; i < count; i++)
        {
            taken.Add(await NextAsync(timeout));
        }

        return taken;
    }
}

/// <summary>A received message, its payload copied.</summary>
/// <param name="Channel">The channel it came on.</param>
/// <param name="Payload">Its bytes.</param>
internal sealed record ReceivedMessage(string Channel, byte[] Payload)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}
