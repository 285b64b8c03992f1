using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SocketIo.Adapter.Redis.Diagnostics;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Sharded;

/// <summary>
/// The adapter of one namespace over Redis sharded pub/sub, speaking <c>@socket.io/redis-adapter</c>'s
/// <c>createShardedAdapter</c> protocol (socket.io's <c>ClusterAdapter</c> messages on <c>SPUBLISH</c>/<c>SSUBSCRIBE</c>
/// channels), so Node and .NET nodes configured alike form one cluster.
/// </summary>
/// <remarks>
/// <para>
/// Construction is synchronous, so the main and own answer channels are SSUBSCRIBEd in the background from the
/// constructor on; every request (fetch, acknowledged broadcast or server-side emit) and every server count waits for
/// those two subscriptions first. A request therefore never goes out before this node can hear the answers, and this
/// node is counted before it asks anyone to count it.
/// </para>
/// <para>
/// Received messages, from every channel of the namespace, go through one queue: the client's reading loop only copies
/// the payload, and one reader decodes and hands them to <see cref="ClusterAdapter"/> in arrival order. What does not
/// decode to a cluster message, or is not an answer but came on the answer channel, is dropped and counted.
/// </para>
/// <para>
/// Rooms: in the dynamic modes a room's channel is subscribed while the room has a local member (in
/// <see cref="RedisSubscriptionMode.Dynamic"/> only rooms that are not a local socket's id), as Node subscribes on
/// <c>create-room</c> and unsubscribes on <c>delete-room</c>.
/// </para>
/// </remarks>
internal sealed class ShardedRedisAdapter : ClusterAdapter
{
    private readonly IRedisPubSubClient _client;
    private readonly RedisAdapterOptions _options;
    private readonly RedisAdapterMetrics _metrics;
    private readonly ShardedChannels _channels;
    private readonly ShardedMessageCodec _codec;
    private readonly RoomChannelSubscriptions? _rooms;
    private readonly ILogger _logger;
    private readonly Channel<ReceivedPayload> _inbox = Channel.CreateUnbounded<ReceivedPayload>(new UnboundedChannelOptions { SingleReader = true });
    private readonly InboxBudget _inboxBudget;
    private readonly CancellationTokenSource _closing = new();
    private readonly RedisMessageHandler _onMessage;
    private readonly RedisMessageHandler _onResponse;
    private readonly Task _reading;
    private readonly Task _subscribed;
    private int _disposed;

    /// <summary>Creates the adapter and starts its subscriptions.</summary>
    /// <param name="context">The namespace and the server's services.</param>
    /// <param name="client">The node's Redis client (shared by its namespaces).</param>
    /// <param name="codec">The notepack.io-compatible MessagePack codec.</param>
    /// <param name="options">The adapter options (prefix, subscription mode).</param>
    /// <param name="metrics">Where publish failures and dropped messages are counted.</param>
    public ShardedRedisAdapter(
        AdapterContext context,
        IRedisPubSubClient client,
        IMessagePackCodec codec,
        RedisAdapterOptions options,
        RedisAdapterMetrics metrics)
        : base(context)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _client = client;
        _options = options;
        _metrics = metrics;
        _inboxBudget = new InboxBudget(options.MaxInboxBytes);
        _logger = context.LoggerFactory.CreateLogger<ShardedRedisAdapter>();
        _channels = new ShardedChannels(options.Key, context.Namespace, Uid);
        _codec = new ShardedMessageCodec(codec, context.SerializerOptions);
        _onMessage = (channel, payload) => Enqueue(channel, payload, isOwnResponseChannel: false);
        _onResponse = (channel, payload) => Enqueue(channel, payload, isOwnResponseChannel: true);
        _reading = Task.Run(ReadInboxAsync);
        _subscribed = Task.WhenAll(
            SubscribeAsync(_channels.Main, _onMessage),
            SubscribeAsync(_channels.OwnResponses, _onResponse));
        if (options.SubscriptionMode != RedisSubscriptionMode.Static)
        {
            _rooms = new RoomChannelSubscriptions(client, _channels, NeedsRoomChannel, _onMessage, _logger, context.Namespace);
        }
    }

    /// <summary>This node's id in the namespace: 16 lowercase hex characters.</summary>
    internal string NodeUid => Uid;

    /// <summary>The namespace's channel names on this node.</summary>
    internal ShardedChannels Channels => _channels;

    /// <summary>Completes when the main and own answer channels are subscribed.</summary>
    internal Task Subscribed => _subscribed;

    /// <summary>
    /// The number of nodes serving the namespace, this one included: the subscribers of the main channel
    /// (<c>PUBSUB SHARDNUMSUB</c>), as Node's sharded adapter counts them.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for Redis.</param>
    /// <exception cref="RedisConnectionException">Redis is unreachable.</exception>
    public override async Task<int> GetServerCountAsync(CancellationToken cancellationToken = default)
    {
        await WaitForSubscriptionsAsync(cancellationToken).ConfigureAwait(false);
        var count = await _client.CountSubscribersAsync(new RedisChannel(_channels.Main, RedisChannelKind.Sharded), cancellationToken).ConfigureAwait(false);
        return (int)Math.Clamp(count, 0, int.MaxValue);
    }

    /// <summary>
    /// Not supported: the sharded protocol has no message to ask the other nodes for their rooms (Node's sharded
    /// adapter has no <c>allRooms()</c> either), and answering with this node's rooms alone would look like an answer
    /// for the cluster. <see cref="NamespaceAdapter.GetLocalRooms"/> gives this node's rooms.
    /// </summary>
    /// <param name="cancellationToken">Unused.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Task<IReadOnlySet<string>> AllRoomsAsync(CancellationToken cancellationToken = default) =>
        Task.FromException<IReadOnlySet<string>>(new NotSupportedException(
            "The sharded Redis adapter cannot list the rooms of other nodes (its protocol has no such request); use GetLocalRooms() for this node's rooms, or the classic mode."));

    /// <summary>SUNSUBSCRIBEs every channel of the namespace, then fails the requests still waiting.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        var unsubscribing = new List<Task>(3)
        {
            UnsubscribeAsync(_channels.Main),
            UnsubscribeAsync(_channels.OwnResponses),
        };
        if (_rooms is not null)
        {
            unsubscribing.Add(_rooms.DisposeAsync().AsTask());
        }

        await Task.WhenAll(unsubscribing).ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        await _reading.ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
    }

    /// <inheritdoc/>
    protected override Task PublishAsync(ClusterMessage message, CancellationToken cancellationToken) =>
        PublishToAsync(_channels.ForMessage(message, _options.SubscriptionMode), message, cancellationToken);

    /// <inheritdoc/>
    protected override Task PublishResponseAsync(string requesterUid, ClusterMessage response, CancellationToken cancellationToken) =>
        PublishToAsync(_channels.Responses(requesterUid), response, cancellationToken);

    /// <summary>
    /// The fetch's own <see cref="BroadcastFlags.Timeout"/>, else <see cref="RedisAdapterOptions.RequestsTimeout"/>
    /// (5 seconds by default, Node's fixed default).
    /// </summary>
    /// <param name="options">The options of the fetch.</param>
    protected override TimeSpan GetFetchSocketsTimeout(BroadcastOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Flags.Timeout ?? _options.RequestsTimeout;
    }

    /// <inheritdoc/>
    protected override void OnRoomCreated(string room) => _rooms?.OnRoomChanged(room);

    /// <inheritdoc/>
    protected override void OnRoomDeleted(string room) => _rooms?.OnRoomChanged(room);

    private bool NeedsRoomChannel(string room) =>
        HasLocalRoom(room) && (_options.SubscriptionMode == RedisSubscriptionMode.DynamicPrivate || !IsLocalSocket(room));

    /// <summary>Whether answers to the message will come on this node's answer channel.</summary>
    private static bool ExpectsAnswers(ClusterMessage message) => message.Data is FetchSocketsData
        or BroadcastData { RequestId: not null }
        or ServerSideEmitData { RequestId: not null };

    private async Task PublishToAsync(string channel, ClusterMessage message, CancellationToken cancellationToken)
    {
        // Encoded before the first await, as Node encodes before the local part of the operation runs.
        var payload = _codec.Encode(message);

        // Only a request needs the answer channel subscribed first; anything else goes out at once, so back-to-back
        // publishes reach the client in the order they were made.
        if (ExpectsAnswers(message))
        {
            await WaitForSubscriptionsAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await _client.PublishAsync(new RedisChannel(channel, RedisChannelKind.Sharded), payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _metrics.PublishFailed(Namespace);
            ShardedAdapterLog.PublishFailed(_logger, Namespace, message.Type, channel, ex);
            throw;
        }
    }

    private Task WaitForSubscriptionsAsync(CancellationToken cancellationToken) =>
        _subscribed.IsCompleted ? Task.CompletedTask : _subscribed.WaitAsync(cancellationToken);

    private async Task SubscribeAsync(string channel, RedisMessageHandler handler)
    {
        try
        {
            await _client.SubscribeAsync(new RedisChannel(channel, RedisChannelKind.Sharded), handler, _closing.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The client keeps the subscription and makes it on reconnecting; publishing must not wait forever.
            ShardedAdapterLog.SubscribeFailed(_logger, Namespace, channel, ex);
        }
    }

    private async Task UnsubscribeAsync(string channel)
    {
        try
        {
            await _client.UnsubscribeAsync(new RedisChannel(channel, RedisChannelKind.Sharded), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ShardedAdapterLog.UnsubscribeFailed(_logger, Namespace, channel, ex);
        }
    }

    /// <summary>The bytes of received messages queued and not yet handled.</summary>
    internal long InboxBytes => _inboxBudget.Bytes;

    private void Enqueue(string channel, ReadOnlySpan<byte> payload, bool isOwnResponseChannel)
    {
        // Judged before the copy: a node that cannot keep up must not allocate for what it drops.
        if (!_inboxBudget.TryTake(payload.Length))
        {
            _metrics.MessageDropped(Namespace, "inbox full");
            return;
        }

        if (!_inbox.Writer.TryWrite(new ReceivedPayload(channel, payload.ToArray(), isOwnResponseChannel)))
        {
            _inboxBudget.Return(payload.Length);
        }
    }

    private async Task ReadInboxAsync()
    {
        await foreach (var received in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var message = Decode(received);
            if (message is not null)
            {
                // Applied before the call returns; the task only covers publishing answers and never fails.
                _ = OnMessageAsync(message, _closing.Token);
            }

            _inboxBudget.Return(received.Payload.Length);
        }
    }

    private ClusterMessage? Decode(ReceivedPayload received)
    {
        string reason;
        ClusterMessage? message;
        try
        {
            message = _codec.Decode(received.Payload, out reason);
        }
        catch (Exception ex)
        {
            ShardedAdapterLog.DecodingFailed(_logger, Namespace, received.Channel, ex);
            message = null;
            reason = "malformed";
        }

        // Node hands what arrives on its own answer channel to onResponse, which ignores anything but answers.
        if (message is not null && received.IsOwnResponseChannel && message.Data is not ClusterResponseData)
        {
            message = null;
            reason = "invalid: not an answer";
        }

        if (message is null)
        {
            _metrics.MessageDropped(Namespace, reason.StartsWith("malformed", StringComparison.Ordinal) ? "malformed" : "invalid");
            ShardedAdapterLog.MessageDropped(_logger, Namespace, received.Channel, reason);
        }

        return message;
    }

    private readonly record struct ReceivedPayload(string Channel, byte[] Payload, bool IsOwnResponseChannel);
}
