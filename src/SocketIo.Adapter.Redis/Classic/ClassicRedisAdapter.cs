using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SocketIo.Adapter.Redis.Diagnostics;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Classic;

/// <summary>
/// The adapter of one namespace in <c>@socket.io/redis-adapter</c>'s classic (PUBLISH/PSUBSCRIBE) protocol, so .NET
/// and Node nodes created with <c>createAdapter</c> share one cluster. Operations follow socket.io's
/// <see cref="ClusterAdapter"/> semantics; what differs is the wire (<see cref="ClassicMessageCodec"/>) and the classic
/// rules for requests (see remarks).
/// </summary>
/// <remarks>
/// <para>
/// Subscriptions: PSUBSCRIBE <c>k#n#*</c>, SUBSCRIBE <c>k-request#n#</c>, <c>k-response#n#</c> and
/// <c>k-response#n#uid#</c>. They are started by the constructor, because the server creates adapters synchronously;
/// requests that wait for answers publish only once they are confirmed (or once the client queued them for its next
/// connection), and so does the server count, so this node counts itself. Every message is copied off the client's
/// reading loop into this namespace's queue and handled there, one at a time in arrival order, so a broadcast to a
/// room is filtered by the local rooms as the earlier messages left them (as Node checks its rooms when the message
/// arrives); when nothing is queued, a broadcast to a room no local socket is in is skipped at once, uncopied.
/// </para>
/// <para>
/// Classic rules: the server count is <c>PUBSUB NUMSUB</c> of the request channel (this node included); fetch sockets
/// and all rooms wait <see cref="RedisAdapterOptions.RequestsTimeout"/> and fail with Node's
/// <c>timeout reached while waiting for fetchSockets response</c> / <c>...allRooms response</c>; a server-side emit
/// with acknowledgements waits <see cref="RedisAdapterOptions.RequestsTimeout"/> whatever the caller asked (Node has
/// no per-call timeout there); its answers always go to the shared response channel; an acknowledged broadcast from
/// another node is delivered here without its volatile/compress flags (Node drops them; the timeout is kept so
/// unanswered acknowledgements are forgotten). Joins, leaves and disconnects are applied here at once and this node's
/// own requests are ignored when they come back (Node applies them when they come back; the effect is the same).
/// </para>
/// <para>
/// A failure to publish is counted (<see cref="RedisAdapterMetrics.PublishFailed"/>) and thrown to the caller, after
/// local delivery. A received message that cannot be decoded or has the wrong shape is counted
/// (<see cref="RedisAdapterMetrics.MessageDropped"/>), logged at debug level, and otherwise ignored.
/// </para>
/// </remarks>
internal sealed partial class ClassicRedisAdapter : ClusterAdapter
{
    /// <summary>Node's error text when not every node answered a fetch in time.</summary>
    public const string FetchSocketsTimeoutMessage = "timeout reached while waiting for fetchSockets response";

    private readonly IRedisPubSubClient _client;
    private readonly RedisAdapterOptions _options;
    private readonly RedisAdapterMetrics _metrics;
    private readonly ClassicChannels _channels;
    private readonly ClassicMessageCodec _codec;
    private readonly ILogger _logger;
    private readonly Channel<ReceivedMessage> _inbox = Channel.CreateUnbounded<ReceivedMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly InboxBudget _inboxBudget;
    private readonly CancellationTokenSource _closing = new();
    private readonly RedisChannel[] _subscriptions;
    private readonly Task _subscribed;
    private readonly Task _reading;
    private int _disposed;
    private int _handledResponses;

    /// <summary>Creates the adapter and starts its subscriptions.</summary>
    /// <param name="context">The namespace and the server's services.</param>
    /// <param name="client">The Redis client shared by every namespace.</param>
    /// <param name="msgpack">The notepack-compatible codec.</param>
    /// <param name="options">The adapter's options.</param>
    /// <param name="metrics">The adapter's instruments.</param>
    public ClassicRedisAdapter(
        AdapterContext context,
        IRedisPubSubClient client,
        IMessagePackCodec msgpack,
        RedisAdapterOptions options,
        RedisAdapterMetrics metrics)
        : base(context, ClassicIds.Create())
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(msgpack);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        _client = client;
        _options = options;
        _metrics = metrics;
        _inboxBudget = new InboxBudget(options.MaxInboxBytes);
        _channels = new ClassicChannels(options.Key, context.Namespace);
        _codec = new ClassicMessageCodec(msgpack, _channels, options.PublishOnSpecificResponseChannel);
        _logger = context.LoggerFactory.CreateLogger<ClassicRedisAdapter>();
        _subscriptions =
        [
            new RedisChannel(_channels.BroadcastPattern, RedisChannelKind.Pattern),
            new RedisChannel(_channels.Request, RedisChannelKind.Literal),
            new RedisChannel(_channels.Response, RedisChannelKind.Literal),
            new RedisChannel(_channels.SpecificResponse(Uid), RedisChannelKind.Literal),
        ];
        _reading = Task.Run(ReadAsync);
        _subscribed = SubscribeAsync();
    }

    /// <summary>This node's id (six characters, as Node's <c>uid2(6)</c>).</summary>
    internal string NodeUid => Uid;

    /// <inheritdoc/>
    /// <remarks>
    /// <c>PUBSUB NUMSUB</c> of the request channel: every node serving the namespace, this one included (asked once
    /// this node's subscriptions are made, so it counts itself).
    /// </remarks>
    public override async Task<int> GetServerCountAsync(CancellationToken cancellationToken = default)
    {
        await WaitForSubscriptionsAsync(cancellationToken).ConfigureAwait(false);
        var count = await _client.CountSubscribersAsync(new RedisChannel(_channels.Request, RedisChannelKind.Literal), cancellationToken).ConfigureAwait(false);
        return (int)Math.Clamp(count, 0, int.MaxValue);
    }

    /// <summary>Unsubscribes, stops handling messages, fails the requests still waiting, then releases the base.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var channel in _subscriptions)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_options.Connection.CommandTimeout);
                await _client.UnsubscribeAsync(channel, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ClassicAdapterLog.UnsubscribeFailed(_logger, Namespace, Uid, channel.Name, ex);
            }
        }

        _inbox.Writer.TryComplete();
        await _reading.ConfigureAwait(false);
        await _closing.CancelAsync().ConfigureAwait(false);
        FailAllRoomsRequests();
        await base.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
    }

    /// <inheritdoc/>
    protected override async Task PublishAsync(ClusterMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (ExpectsAnswers(message))
        {
            await WaitForSubscriptionsAsync(cancellationToken).ConfigureAwait(false);
        }

        await PublishAsync(_codec.Encode(message), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override Task PublishResponseAsync(string requesterUid, ClusterMessage response, CancellationToken cancellationToken) =>
        PublishAsync(_codec.EncodeResponse(response, requesterUid), cancellationToken);

    /// <inheritdoc/>
    protected override string CreateRequestId() => ClassicIds.Create();

    /// <inheritdoc/>
    /// <remarks>Classic: always <see cref="RedisAdapterOptions.RequestsTimeout"/>; the operator's timeout is not sent or used.</remarks>
    protected override TimeSpan GetFetchSocketsTimeout(BroadcastOptions options) => _options.RequestsTimeout;

    /// <inheritdoc/>
    protected override Exception CreateFetchSocketsTimeoutError(int received, int expected) => new TimeoutException(FetchSocketsTimeoutMessage);

    /// <inheritdoc/>
    /// <remarks>Classic: always <see cref="RedisAdapterOptions.RequestsTimeout"/>, as Node's <c>serverSideEmitWithAck</c>.</remarks>
    protected override TimeSpan GetServerSideEmitTimeout(TimeSpan requested) => _options.RequestsTimeout;

    private static bool ExpectsAnswers(ClusterMessage message) => message.Data switch
    {
        BroadcastData broadcast => broadcast.RequestId is not null,
        ServerSideEmitData emit => emit.RequestId is not null,
        FetchSocketsData => true,
        _ => false,
    };

    private async Task PublishAsync(ClassicOutbound outbound, CancellationToken cancellationToken)
    {
        try
        {
            await _client.PublishAsync(new RedisChannel(outbound.Channel, RedisChannelKind.Literal), outbound.Payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _metrics.PublishFailed(Namespace);
            ClassicAdapterLog.PublishFailed(_logger, Namespace, Uid, outbound.Channel, ex);
            throw;
        }
    }

    private async Task WaitForSubscriptionsAsync(CancellationToken cancellationToken)
    {
        if (!_subscribed.IsCompleted)
        {
            await _subscribed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SubscribeAsync()
    {
        try
        {
            await Task.WhenAll(
                _client.SubscribeAsync(_subscriptions[0], OnBroadcastReceived, _closing.Token),
                _client.SubscribeAsync(_subscriptions[1], OnRequestReceived, _closing.Token),
                _client.SubscribeAsync(_subscriptions[2], OnResponseReceived, _closing.Token),
                _client.SubscribeAsync(_subscriptions[3], OnResponseReceived, _closing.Token)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The client keeps its subscriptions across reconnects; a failed confirmation is logged, not fatal, and
            // requests do not wait for it.
            ClassicAdapterLog.SubscribeFailed(_logger, Namespace, Uid, ex);
        }
    }
}
