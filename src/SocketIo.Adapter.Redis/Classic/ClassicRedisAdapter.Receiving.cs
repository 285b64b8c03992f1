using SocketIo.Adapter.Redis.Diagnostics;
using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Classic;

internal sealed partial class ClassicRedisAdapter
{
    private enum ReceivedOn
    {
        Broadcast,
        Request,
        Response,
    }

    // Called on the client's reading loop: copy and queue, nothing else.
    private void OnBroadcastReceived(string channel, ReadOnlySpan<byte> payload)
    {
        // A broadcast to a room no local socket is in is skipped here, without a copy, when every earlier message has
        // been handled (so the rooms are what those messages left); otherwise the reader checks it in turn. The inbox
        // budget is zero exactly then (an empty payload queued uncounted is malformed and changes no rooms).
        if (_inboxBudget.Bytes == 0 && IsForAnotherNodesRoom(channel))
        {
            return;
        }

        Enqueue(ReceivedOn.Broadcast, channel, payload);
    }

    private void OnRequestReceived(string channel, ReadOnlySpan<byte> payload) =>
        Enqueue(ReceivedOn.Request, channel, payload);

    private void OnResponseReceived(string channel, ReadOnlySpan<byte> payload) =>
        Enqueue(ReceivedOn.Response, channel, payload);

    private void Enqueue(ReceivedOn on, string channel, ReadOnlySpan<byte> payload)
    {
        // Judged before the copy: a node that cannot keep up must not allocate for what it drops.
        if (!_inboxBudget.TryTake(payload.Length))
        {
            _metrics.MessageDropped(Namespace, "inbox full");
            return;
        }

        if (!_inbox.Writer.TryWrite(new ReceivedMessage(on, channel, payload.ToArray())))
        {
            _inboxBudget.Return(payload.Length);
        }
    }

    /// <summary>As Node: a broadcast on the channel of a room no local socket is in is not for this node.</summary>
    private bool IsForAnotherNodesRoom(string channel) =>
        _channels.TryGetBroadcastRoom(channel, out var room) && room.Length > 0 && !HasLocalRoom(room);

    /// <summary>The bytes of received messages queued and not yet handled.</summary>
    internal long InboxBytes => _inboxBudget.Bytes;

    /// <summary>How many messages of the response channels were handled (for tests that await answers).</summary>
    internal int HandledResponseCount => Volatile.Read(ref _handledResponses);

    private async Task ReadAsync()
    {
        await foreach (var message in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                Handle(message);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ClassicAdapterLog.HandlingFailed(_logger, Namespace, Uid, message.Channel, ex);
            }

            if (message.On == ReceivedOn.Response)
            {
                Interlocked.Increment(ref _handledResponses);
            }

            _inboxBudget.Return(message.Payload.Length);
        }
    }

    /// <summary>Handles one message; what it changes here is done before it returns, answers are published behind.</summary>
    private void Handle(ReceivedMessage message)
    {
        ClassicInbound inbound;
        switch (message.On)
        {
            case ReceivedOn.Broadcast:
                if (!_channels.TryGetBroadcastRoom(message.Channel, out _) || IsForAnotherNodesRoom(message.Channel))
                {
                    return;
                }

                inbound = _codec.DecodeBroadcast(message.Payload);
                break;
            case ReceivedOn.Request:
                inbound = _codec.DecodeRequest(message.Payload);
                break;
            default:
                inbound = _codec.DecodeResponse(message.Payload);
                break;
        }

        switch (inbound)
        {
            case ClassicClusterMessage { Message: var cluster }:
                _ = OnMessageAsync(WithoutAckBroadcastFlags(cluster), _closing.Token);
                break;
            case ClassicAllRoomsRequest request when request.Uid != Uid:
                Answer(request.Uid, _codec.EncodeAllRoomsResponse(request.Uid, request.RequestId, GetLocalRooms()));
                break;
            case ClassicAllRoomsResponse response:
                OnAllRoomsResponse(response);
                break;
            case ClassicSocketsRequest request when request.Uid != Uid:
                Answer(request.Uid, _codec.EncodeSocketsResponse(request.Uid, request.RequestId, GetLocalSockets(new BroadcastOptions(request.Rooms))));
                break;
            case ClassicSocketRequest request:
                OnSocketRequest(request);
                break;
            case ClassicDropped dropped:
                _metrics.MessageDropped(Namespace, dropped.Reason);
                ClassicAdapterLog.MessageDropped(_logger, Namespace, Uid, message.Channel, dropped.Reason, dropped.Detail);
                break;
        }
    }

    /// <summary>
    /// Node's classic receivers deliver an acknowledged broadcast with the rooms and exceptions only; the timeout is
    /// kept so that acknowledgements nobody waits for any more are forgotten.
    /// </summary>
    private static ClusterMessage WithoutAckBroadcastFlags(ClusterMessage message)
    {
        if (message.Data is not BroadcastData { RequestId: not null } broadcast || broadcast.Options.Flags == new BroadcastFlags { Timeout = broadcast.Options.Flags.Timeout })
        {
            return message;
        }

        var options = new BroadcastOptions(broadcast.Options.Rooms, broadcast.Options.Except, new BroadcastFlags { Timeout = broadcast.Options.Flags.Timeout });
        return new ClusterMessage(message.Type, message.Uid, message.Namespace, broadcast with { Options = options });
    }

    /// <summary>A legacy one-socket join, leave or disconnect: acted on and answered when the socket is here.</summary>
    private void OnSocketRequest(ClassicSocketRequest request)
    {
        if (!IsLocalSocket(request.SocketId))
        {
            return;
        }

        var target = new BroadcastOptions(new HashSet<string>(1, StringComparer.Ordinal) { request.SocketId }, flags: new BroadcastFlags { Local = true });
        var acted = request.Type switch
        {
            ClassicRequestType.RemoteJoin => AddSocketsAsync(target, [request.Room!], _closing.Token),
            ClassicRequestType.RemoteLeave => DelSocketsAsync(target, [request.Room!], _closing.Token),
            _ => DisconnectSocketsAsync(target, request.Close, _closing.Token),
        };
        _ = AnswerWhenDoneAsync(acted, request);
    }

    private async Task AnswerWhenDoneAsync(Task acting, ClassicSocketRequest request)
    {
        try
        {
            // Local operations are done synchronously, so this does not reorder messages.
            await acting.ConfigureAwait(false);
            Answer(request.Uid, _codec.EncodeSocketResponse(request.Uid, request.RequestId));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ClassicAdapterLog.AnswerFailed(_logger, Namespace, Uid, request.Uid, ex);
        }
    }

    private void Answer(string requester, ClassicOutbound answer)
    {
        var publishing = PublishAsync(answer, _closing.Token);
        if (publishing.IsCompletedSuccessfully)
        {
            return;
        }

        _ = publishing.ContinueWith(
            (t, s) =>
            {
                var (adapter, uid) = ((ClassicRedisAdapter, string))s!;
                if (t.IsFaulted)
                {
                    ClassicAdapterLog.AnswerFailed(adapter._logger, adapter.Namespace, adapter.Uid, uid, t.Exception!.InnerException!);
                }
            },
            (this, requester),
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion,
            TaskScheduler.Default);
    }

    private readonly record struct ReceivedMessage(ReceivedOn On, string Channel, byte[] Payload);
}
