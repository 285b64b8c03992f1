using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace SocketIo.Server.Adapters.Cluster;

/// <summary>
/// An adapter for a namespace served by several nodes, with socket.io's <c>ClusterAdapter</c> semantics: every
/// operation is published to the other nodes as a <see cref="ClusterMessage"/> and done here through the in-memory
/// base; requests (fetch sockets, server-side emit with acknowledgement, broadcast with acknowledgements) collect the
/// other nodes' answers. A transport (Redis, a message bus) only moves messages: it implements
/// <see cref="PublishAsync"/>, <see cref="PublishResponseAsync"/> and <see cref="GetServerCountAsync"/>, and hands
/// every message it receives for the namespace to <see cref="OnMessageAsync"/>.
/// </summary>
/// <remarks>
/// A node applies its own operations locally and ignores its own messages when they come back. Operations with
/// <see cref="BroadcastFlags.Local"/> are never published.
/// </remarks>
public abstract partial class ClusterAdapter : NamespaceAdapter
{
    private static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ClusterRequest> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClusterAckRequest> _ackRequests = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    /// <summary>Creates the adapter with a random node id of 16 lowercase hex characters, as socket.io's.</summary>
    /// <param name="context">The namespace and the server's services.</param>
    protected ClusterAdapter(AdapterContext context)
        : this(context, CreateRandomId())
    {
    }

    /// <summary>Creates the adapter with a node id of the transport's choosing.</summary>
    /// <param name="context">The namespace and the server's services.</param>
    /// <param name="uid">The id of this node, unique in the cluster.</param>
    protected ClusterAdapter(AdapterContext context, string uid)
        : base(context)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid);
        Uid = uid;
        _logger = context.LoggerFactory.CreateLogger<ClusterAdapter>();
    }

    /// <summary>The id of this node: the <see cref="ClusterMessage.Uid"/> of what it publishes.</summary>
    protected string Uid { get; }

    /// <summary>The number of requests and acknowledged broadcasts still waiting for answers.</summary>
    internal int PendingRequestCount
    {
        get
        {
            lock (_lock)
            {
                return _requests.Count + _ackRequests.Count;
            }
        }
    }

    /// <summary>The number of nodes serving this namespace, this one included, as the transport sees it.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public abstract override Task<int> GetServerCountAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc/>
    /// <remarks>Handed to the transport, delivered here without waiting for it, then a failure to publish is thrown.</remarks>
    public override Task BroadcastAsync(BroadcastPacket packet, BroadcastOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Flags.Local)
        {
            return base.BroadcastAsync(packet, options, cancellationToken);
        }

        return PublishAndApplyAsync(
            ClusterMessageType.Broadcast,
            new BroadcastData(packet, options),
            () => base.BroadcastAsync(packet, options, cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Each other node reports its client count and forwards its clients' acknowledgements. The request is kept until
    /// every node's answers are in, <see cref="BroadcastFlags.Timeout"/> passes, or the caller cancels.
    /// </remarks>
    public override async Task<int> BroadcastWithAckAsync(
        BroadcastPacket packet,
        BroadcastOptions options,
        Action<int> onClientCount,
        Action<object?> onAck,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onClientCount);
        ArgumentNullException.ThrowIfNull(onAck);
        if (options.Flags.Local)
        {
            return await base.BroadcastWithAckAsync(packet, options, onClientCount, onAck, cancellationToken).ConfigureAwait(false);
        }

        var request = new ClusterAckRequest(CreateRequestId(), onClientCount, onAck);
        lock (_lock)
        {
            _ackRequests.Add(request.Id, request);
        }

        request.Start(Context.TimeProvider, options.Flags.Timeout, ForgetAckRequest, cancellationToken);
        try
        {
            var publishing = StartPublishing(Message(ClusterMessageType.Broadcast, new BroadcastData(packet, options, request.Id)), cancellationToken);
            await base.BroadcastWithAckAsync(packet, options, request.OnClientCount, request.OnAck, cancellationToken).ConfigureAwait(false);
            await publishing.ConfigureAwait(false);
            // Counting every node's answers ends the request before its deadline, or at all without one; the caller
            // gets the same count, so it is asked once per broadcast.
            var servers = await GetServerCountAsync(cancellationToken).ConfigureAwait(false);
            request.ExpectServers(servers);
            return servers;
        }
        catch
        {
            request.Finish();
            throw;
        }
    }

    /// <inheritdoc/>
    public override Task AddSocketsAsync(BroadcastOptions options, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rooms);
        if (options.Flags.Local)
        {
            return base.AddSocketsAsync(options, rooms, cancellationToken);
        }

        return PublishAndApplyAsync(
            ClusterMessageType.SocketsJoin,
            new SocketsRoomsData(options, rooms),
            () => base.AddSocketsAsync(options, rooms, cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc/>
    public override Task DelSocketsAsync(BroadcastOptions options, IReadOnlyCollection<string> rooms, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rooms);
        if (options.Flags.Local)
        {
            return base.DelSocketsAsync(options, rooms, cancellationToken);
        }

        return PublishAndApplyAsync(
            ClusterMessageType.SocketsLeave,
            new SocketsRoomsData(options, rooms),
            () => base.DelSocketsAsync(options, rooms, cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc/>
    public override Task DisconnectSocketsAsync(BroadcastOptions options, bool close, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Flags.Local)
        {
            return base.DisconnectSocketsAsync(options, close, cancellationToken);
        }

        return PublishAndApplyAsync(
            ClusterMessageType.DisconnectSockets,
            new DisconnectSocketsData(options, close),
            () => base.DisconnectSocketsAsync(options, close, cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Waits for one answer from each other node (<see cref="GetServerCountAsync"/> minus one), at most
    /// <see cref="GetFetchSocketsTimeout"/> (<see cref="BroadcastFlags.Timeout"/> or 5 seconds), then fails with
    /// <see cref="CreateFetchSocketsTimeoutError"/> (a <see cref="TimeoutException"/>
    /// <c>"timeout reached: only X responses received out of Y"</c>).
    /// </remarks>
    public override async Task<IReadOnlyList<SocketDescription>> FetchSocketsAsync(BroadcastOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var local = await base.FetchSocketsAsync(options, cancellationToken).ConfigureAwait(false);
        if (options.Flags.Local)
        {
            return local;
        }

        var expected = await GetServerCountAsync(cancellationToken).ConfigureAwait(false) - 1;
        if (expected <= 0)
        {
            return local;
        }

        var request = new ClusterRequest(
            CreateRequestId(),
            ClusterMessageType.FetchSocketsResponse,
            expected,
            local,
            (received, expectedAnswers, _) => CreateFetchSocketsTimeoutError(received, expectedAnswers));
        var found = await SendRequestAsync(
            request,
            ClusterMessageType.FetchSockets,
            new FetchSocketsData(options, request.Id),
            GetFetchSocketsTimeout(options),
            cancellationToken).ConfigureAwait(false);
        var sockets = new SocketDescription[found.Count];
        for (var i = 0; i < sockets.Length; i++)
        {
            sockets[i] = (SocketDescription)found[i]!;
        }

        return sockets;
    }

    /// <inheritdoc/>
    public override Task ServerSideEmitAsync(IReadOnlyList<object?> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return PublishAsync(Message(ClusterMessageType.ServerSideEmit, new ServerSideEmitData(arguments)), cancellationToken);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Waits for one answer from each other node (<see cref="GetServerCountAsync"/> minus one) at most
    /// <see cref="GetServerSideEmitTimeout"/> (<paramref name="timeout"/> unless a transport says otherwise), then
    /// fails with an <see cref="AckTimeoutException"/> <c>"timeout reached: only X responses received out of Y"</c>
    /// carrying the answers so far. A node without a listener that acknowledges never answers.
    /// </remarks>
    public override async Task<IReadOnlyList<object?>> ServerSideEmitWithAckAsync(
        IReadOnlyList<object?> arguments,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var expected = await GetServerCountAsync(cancellationToken).ConfigureAwait(false) - 1;
        if (expected <= 0)
        {
            return [];
        }

        var request = new ClusterRequest(
            CreateRequestId(),
            ClusterMessageType.ServerSideEmitResponse,
            expected,
            [],
            static (received, expectedAnswers, responses) => new AckTimeoutException(ResponsesMissing(received, expectedAnswers), responses));
        return await SendRequestAsync(
            request,
            ClusterMessageType.ServerSideEmit,
            new ServerSideEmitData(arguments, request.Id),
            GetServerSideEmitTimeout(timeout),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fails every request still waiting, then releases the base.</summary>
    public override async ValueTask DisposeAsync()
    {
        ClusterRequest[] requests;
        ClusterAckRequest[] ackRequests;
        lock (_lock)
        {
            requests = [.. _requests.Values];
            ackRequests = [.. _ackRequests.Values];
        }

        foreach (var request in requests)
        {
            request.Fail(new ObjectDisposedException(GetType().Name, "The adapter was closed before all answers arrived."));
        }

        foreach (var request in ackRequests)
        {
            request.Finish();
        }

        await base.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Sends a message to the other nodes serving the namespace.</summary>
    /// <param name="message">The message, with this node's <see cref="Uid"/> and the namespace filled in.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    protected abstract Task PublishAsync(ClusterMessage message, CancellationToken cancellationToken);

    /// <summary>Sends an answer to the node that asked (<paramref name="requesterUid"/>).</summary>
    /// <param name="requesterUid">The <see cref="ClusterMessage.Uid"/> of the request.</param>
    /// <param name="response">The answer, with this node's <see cref="Uid"/> and the namespace filled in.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    protected abstract Task PublishResponseAsync(string requesterUid, ClusterMessage response, CancellationToken cancellationToken);

    /// <summary>The id of a new request; 16 random lowercase hex characters unless a transport needs another form.</summary>
    protected virtual string CreateRequestId() => CreateRandomId();

    /// <summary>
    /// How long <see cref="FetchSocketsAsync"/> waits for the other nodes: <see cref="BroadcastFlags.Timeout"/>, or
    /// 5 seconds. A transport whose protocol fixes its own deadline overrides it.
    /// </summary>
    /// <param name="options">The options of the fetch.</param>
    protected virtual TimeSpan GetFetchSocketsTimeout(BroadcastOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Flags.Timeout ?? DefaultRequestTimeout;
    }

    /// <summary>
    /// The error <see cref="FetchSocketsAsync"/> fails with when not every node answered in time: a
    /// <see cref="TimeoutException"/> <c>"timeout reached: only X responses received out of Y"</c>, as socket.io's.
    /// </summary>
    /// <param name="received">How many nodes answered.</param>
    /// <param name="expected">How many nodes were expected to.</param>
    protected virtual Exception CreateFetchSocketsTimeoutError(int received, int expected) =>
        new TimeoutException(ResponsesMissing(received, expected));

    /// <summary>
    /// How long <see cref="ServerSideEmitWithAckAsync"/> waits for the other nodes: the caller's
    /// <paramref name="requested"/> timeout, unless the transport's protocol fixes its own.
    /// </summary>
    /// <param name="requested">The timeout the caller asked for.</param>
    protected virtual TimeSpan GetServerSideEmitTimeout(TimeSpan requested) => requested;

    private static string CreateRandomId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static string ResponsesMissing(int received, int expected) =>
        $"timeout reached: only {received} responses received out of {expected}";

    private ClusterMessage Message(ClusterMessageType type, ClusterMessageData data) => new(type, Uid, Namespace, data);

    /// <summary>Starts publishing, applies locally, then reports a failure to publish.</summary>
    private async Task PublishAndApplyAsync(ClusterMessageType type, ClusterMessageData data, Func<Task> applyLocally, CancellationToken cancellationToken)
    {
        var publishing = StartPublishing(Message(type, data), cancellationToken);

        // Applied here without waiting for the transport: back-to-back operations of this node then reach its own
        // clients in the order they were made, whatever order the transport completes its publishes in, and local
        // delivery goes on while the transport is down.
        await applyLocally().ConfigureAwait(false);
        await publishing.ConfigureAwait(false);
    }

    /// <summary>Starts publishing; a transport that throws before returning a task gives a faulted task instead.</summary>
    private Task StartPublishing(ClusterMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return PublishAsync(message, cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    private async Task<IReadOnlyList<object?>> SendRequestAsync(
        ClusterRequest request,
        ClusterMessageType type,
        ClusterMessageData data,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _requests.Add(request.Id, request);
        }

        request.Start(Context.TimeProvider, timeout, ForgetRequest, cancellationToken);
        try
        {
            await PublishAsync(Message(type, data), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            request.Fail(ex);
        }

        return await request.Task.ConfigureAwait(false);
    }

    private void ForgetRequest(ClusterRequest request)
    {
        lock (_lock)
        {
            _requests.Remove(request.Id);
        }
    }

    private void ForgetAckRequest(ClusterAckRequest request)
    {
        lock (_lock)
        {
            _ackRequests.Remove(request.Id);
        }
    }
}
