namespace SocketIo.Adapter.Redis.Tests.Sharded.Support;

/// <summary>Waits for state that can only be asked for asynchronously (Redis' view of subscriptions) to become true.</summary>
internal static class AsyncEventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not true in time: {because}.");
            }

            await Task.Delay(10);
        }
    }
}
