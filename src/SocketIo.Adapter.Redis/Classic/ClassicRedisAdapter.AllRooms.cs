using SocketIo.Adapter.Redis.Wire;

namespace SocketIo.Adapter.Redis.Classic;

internal sealed partial class ClassicRedisAdapter
{
    private readonly Lock _allRoomsLock = new();
    private readonly Dictionary<string, PendingAllRoomsRequest> _allRoomsRequests = new(StringComparer.Ordinal);

    /// <summary>The number of all-rooms requests still waiting for answers.</summary>
    internal int PendingAllRoomsRequests
    {
        get
        {
            lock (_allRoomsLock)
            {
                return _allRoomsRequests.Count;
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Asks every other node (<c>ALL_ROOMS</c>) and returns the union of their rooms and this node's, sockets' own
    /// rooms included. Waits for one answer per other node counted by <see cref="GetServerCountAsync"/>, at most
    /// <see cref="RedisAdapterOptions.RequestsTimeout"/>, then fails with a <see cref="TimeoutException"/>
    /// <c>"timeout reached while waiting for allRooms response"</c>.
    /// </remarks>
    public override async Task<IReadOnlySet<string>> AllRoomsAsync(CancellationToken cancellationToken = default)
    {
        var local = await base.AllRoomsAsync(cancellationToken).ConfigureAwait(false);
        var servers = await GetServerCountAsync(cancellationToken).ConfigureAwait(false);
        if (servers <= 1)
        {
            return local;
        }

        var request = new PendingAllRoomsRequest(ClassicIds.Create(), servers - 1, local);
        lock (_allRoomsLock)
        {
            _allRoomsRequests.Add(request.Id, request);
        }

        request.Start(Context.TimeProvider, _options.RequestsTimeout, ForgetAllRoomsRequest, cancellationToken);
        try
        {
            await WaitForSubscriptionsAsync(cancellationToken).ConfigureAwait(false);
            await PublishAsync(_codec.EncodeAllRoomsRequest(Uid, request.Id), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            request.Fail(ex);
        }

        return await request.Task.ConfigureAwait(false);
    }

    private void OnAllRoomsResponse(ClassicAllRoomsResponse response)
    {
        PendingAllRoomsRequest? request;
        lock (_allRoomsLock)
        {
            _allRoomsRequests.TryGetValue(response.RequestId, out request);
        }

        request?.OnResponse(response.Rooms);
    }

    private void ForgetAllRoomsRequest(PendingAllRoomsRequest request)
    {
        lock (_allRoomsLock)
        {
            _allRoomsRequests.Remove(request.Id);
        }
    }

    private void FailAllRoomsRequests()
    {
        PendingAllRoomsRequest[] requests;
        lock (_allRoomsLock)
        {
            requests = [.. _allRoomsRequests.Values];
        }

        foreach (var request in requests)
        {
            request.Fail(new ObjectDisposedException(nameof(ClassicRedisAdapter), "The adapter was closed before all answers arrived."));
        }
    }
}
