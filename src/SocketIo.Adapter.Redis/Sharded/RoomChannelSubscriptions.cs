using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Wire;

namespace SocketIo.Adapter.Redis.Sharded;

/// <summary>
/// Keeps one SSUBSCRIBE per room that should have a channel of its own (the dynamic subscription modes): told that a
/// room changed, it compares what it is subscribed to with what the room needs now and SSUBSCRIBEs or SUNSUBSCRIBEs.
/// </summary>
/// <remarks>
/// Rooms are created and deleted on many threads, so notifications may arrive out of order; deciding from the current
/// state instead of replaying the notifications keeps a room subscribed exactly while it has a local member. One
/// worker does all the work, so the commands for one channel reach Redis in the order they were decided.
/// </remarks>
internal sealed class RoomChannelSubscriptions : IAsyncDisposable
{
    private readonly IRedisPubSubClient _client;
    private readonly ShardedChannels _channels;
    private readonly Func<string, bool> _needsChannel;
    private readonly RedisMessageHandler _handler;
    private readonly ILogger _logger;
    private readonly string _namespace;
    private readonly Channel<string> _changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _subscribed = new(StringComparer.Ordinal);
    private readonly Task _worker;

    /// <summary>Starts the worker.</summary>
    /// <param name="client">The Redis client.</param>
    /// <param name="channels">The namespace's channel names.</param>
    /// <param name="needsChannel">Whether a room needs its channel now (it has a local member and the mode wants it).</param>
    /// <param name="handler">Receives the room channels' messages.</param>
    /// <param name="logger">Where failures are logged.</param>
    /// <param name="namespace">The namespace, for the logs.</param>
    public RoomChannelSubscriptions(
        IRedisPubSubClient client,
        ShardedChannels channels,
        Func<string, bool> needsChannel,
        RedisMessageHandler handler,
        ILogger logger,
        string @namespace)
    {
        _client = client;
        _channels = channels;
        _needsChannel = needsChannel;
        _handler = handler;
        _logger = logger;
        _namespace = @namespace;
        _worker = Task.Run(RunAsync);
    }

    /// <summary>Notes that a room was created or deleted; the subscription follows soon after.</summary>
    /// <param name="room">The room.</param>
    public void OnRoomChanged(string room) => _changes.Writer.TryWrite(room);

    /// <summary>Stops following rooms and SUNSUBSCRIBEs every room channel still subscribed.</summary>
    public async ValueTask DisposeAsync()
    {
        _changes.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
        var unsubscribing = new List<Task>(_subscribed.Count);
        foreach (var room in _subscribed)
        {
            unsubscribing.Add(UnsubscribeAsync(room));
        }

        _subscribed.Clear();
        await Task.WhenAll(unsubscribing).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var rooms = new HashSet<string>(StringComparer.Ordinal);
        var commands = new List<Task>();
        while (await _changes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // A burst (many sockets joining at once) becomes one round of commands sent together.
            while (_changes.Reader.TryRead(out var room))
            {
                rooms.Add(room);
            }

            foreach (var room in rooms)
            {
                var needed = _needsChannel(room);
                if (needed && _subscribed.Add(room))
                {
                    commands.Add(SubscribeAsync(room));
                }
                else if (!needed && _subscribed.Remove(room))
                {
                    commands.Add(UnsubscribeAsync(room));
                }
            }

            rooms.Clear();
            await Task.WhenAll(commands).ConfigureAwait(false);
            commands.Clear();
        }
    }

    private async Task SubscribeAsync(string room)
    {
        var channel = _channels.Room(room);
        try
        {
            await _client.SubscribeAsync(new RedisChannel(channel, RedisChannelKind.Sharded), _handler, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Whatever failed, the worker must go on with the other rooms; the client retries on reconnection.
            ShardedAdapterLog.SubscribeFailed(_logger, _namespace, channel, ex);
        }
    }

    private async Task UnsubscribeAsync(string room)
    {
        var channel = _channels.Room(room);
        try
        {
            await _client.UnsubscribeAsync(new RedisChannel(channel, RedisChannelKind.Sharded), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ShardedAdapterLog.UnsubscribeFailed(_logger, _namespace, channel, ex);
        }
    }
}
