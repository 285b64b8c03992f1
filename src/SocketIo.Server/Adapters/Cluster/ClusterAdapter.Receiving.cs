using SocketIo.Server.Diagnostics;

namespace SocketIo.Server.Adapters.Cluster;

public abstract partial class ClusterAdapter
{
    /// <summary>
    /// Handles a message the transport received: ignores this node's own messages and other namespaces', applies
    /// operations through the in-memory base, answers requests with <see cref="PublishResponseAsync"/>, and routes
    /// answers to the requests waiting for them. Never throws; failures are logged.
    /// </summary>
    /// <remarks>
    /// Call it for one namespace's messages one at a time, in the order they arrived. What a message changes on this
    /// node is done before the returned task is handed back; the task covers publishing the answers, so a transport
    /// may await it or not.
    /// </remarks>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels publishing the answers.</param>
    protected Task OnMessageAsync(ClusterMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Uid == Uid || message.Namespace != Namespace)
        {
            return Task.CompletedTask;
        }

        try
        {
            var handled = Apply(message, cancellationToken);
            return handled.IsCompletedSuccessfully ? Task.CompletedTask : ObserveAsync(handled, message);
        }
        catch (Exception ex)
        {
            ClusterLog.HandlingFailed(_logger, Namespace, Uid, message.Type, message.Uid, ex);
            return Task.CompletedTask;
        }
    }

    private Task Apply(ClusterMessage message, CancellationToken cancellationToken)
    {
        var sender = message.Uid;
        switch (message.Data)
        {
            case BroadcastData { RequestId: null } broadcast:
                return base.BroadcastAsync(broadcast.Packet, broadcast.Options, cancellationToken);
            case BroadcastData broadcast:
                return AnswerBroadcastWithAckAsync(sender, broadcast, cancellationToken);
            case SocketsRoomsData rooms when message.Type == ClusterMessageType.SocketsJoin:
                return base.AddSocketsAsync(rooms.Options, rooms.Rooms, cancellationToken);
            case SocketsRoomsData rooms:
                return base.DelSocketsAsync(rooms.Options, rooms.Rooms, cancellationToken);
            case DisconnectSocketsData disconnect:
                return base.DisconnectSocketsAsync(disconnect.Options, disconnect.Close, cancellationToken);
            case FetchSocketsData fetch:
                return AnswerFetchSocketsAsync(sender, fetch, cancellationToken);
            case ServerSideEmitData { RequestId: null } emit:
                Context.Sockets.DispatchServerSideEmit(emit.Arguments, onAck: null);
                return Task.CompletedTask;
            case ServerSideEmitData emit:
                AnswerServerSideEmit(sender, emit);
                return Task.CompletedTask;
            case ClusterResponseData response:
                OnResponse(response);
                return Task.CompletedTask;
            default:
                // Heartbeats and closes belong to transports that track nodes; nothing to do here.
                return Task.CompletedTask;
        }
    }

    private async Task AnswerBroadcastWithAckAsync(string requester, BroadcastData broadcast, CancellationToken cancellationToken)
    {
        var requestId = broadcast.RequestId!;
        Task? countPublished = null;
        await base.BroadcastWithAckAsync(
            broadcast.Packet,
            broadcast.Options,
            count => countPublished = Respond(requester, ClusterMessageType.BroadcastClientCount, new BroadcastClientCountData(requestId, count), cancellationToken),
            value => Observe(requester, ClusterMessageType.BroadcastAck, Respond(requester, ClusterMessageType.BroadcastAck, new BroadcastAckData(requestId, value), CancellationToken.None)),
            cancellationToken).ConfigureAwait(false);
        if (countPublished is not null)
        {
            await countPublished.ConfigureAwait(false);
        }
    }

    private async Task AnswerFetchSocketsAsync(string requester, FetchSocketsData fetch, CancellationToken cancellationToken)
    {
        var sockets = await base.FetchSocketsAsync(fetch.Options, cancellationToken).ConfigureAwait(false);
        await Respond(requester, ClusterMessageType.FetchSocketsResponse, new FetchSocketsResponseData(fetch.RequestId, sockets), cancellationToken).ConfigureAwait(false);
    }

    private void AnswerServerSideEmit(string requester, ServerSideEmitData emit)
    {
        var requestId = emit.RequestId!;
        var answered = 0;
        Context.Sockets.DispatchServerSideEmit(emit.Arguments, value =>
        {
            // Only the first acknowledgement counts, as the requester counts one answer per node.
            if (Interlocked.Exchange(ref answered, 1) == 0)
            {
                Observe(requester, ClusterMessageType.ServerSideEmitResponse, Respond(requester, ClusterMessageType.ServerSideEmitResponse, new ServerSideEmitResponseData(requestId, value), CancellationToken.None));
            }
        });
    }

    private void OnResponse(ClusterResponseData response)
    {
        ClusterRequest? request = null;
        ClusterAckRequest? ackRequest = null;
        lock (_lock)
        {
            if (response is BroadcastClientCountData or BroadcastAckData)
            {
                _ackRequests.TryGetValue(response.RequestId, out ackRequest);
            }
            else
            {
                _requests.TryGetValue(response.RequestId, out request);
            }
        }

        switch (response)
        {
            case BroadcastClientCountData count:
                ackRequest?.OnClientCount(count.ClientCount);
                break;
            case BroadcastAckData ack:
                ackRequest?.OnAck(ack.Value);
                break;
            case FetchSocketsResponseData fetched when request?.ResponseType == ClusterMessageType.FetchSocketsResponse:
                request.OnResponse(fetched.Sockets);
                break;
            case ServerSideEmitResponseData answer when request?.ResponseType == ClusterMessageType.ServerSideEmitResponse:
                request.OnResponse([answer.Value]);
                break;
        }
    }

    private Task Respond(string requester, ClusterMessageType type, ClusterMessageData data, CancellationToken cancellationToken) =>
        PublishResponseAsync(requester, Message(type, data), cancellationToken);

    private void Observe(string requester, ClusterMessageType type, Task publishing)
    {
        if (publishing.IsCompletedSuccessfully)
        {
            return;
        }

        _ = publishing.ContinueWith(
            (t, s) => ClusterLog.AnswerFailed(_logger, Namespace, Uid, (string)s!, type, t.Exception!.InnerException!),
            requester,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    private async Task ObserveAsync(Task handling, ClusterMessage message)
    {
        try
        {
            await handling.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ClusterLog.HandlingFailed(_logger, Namespace, Uid, message.Type, message.Uid, ex);
        }
    }
}
