using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocketIo.Adapter.Redis.Resp;

namespace SocketIo.Adapter.Redis.Hosting;

/// <summary>
/// Connects the Redis client when the host starts, before Kestrel serves. When Redis cannot be reached in
/// <see cref="RedisConnectionOptions.ConnectTimeout"/>, the failure is logged and the host starts anyway: the server
/// serves its own clients, and the client keeps connecting in the background (subscriptions are made once it does).
/// </summary>
internal sealed partial class RedisConnectionStarter(RespPubSubClient client, ILogger<RedisConnectionStarter> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisConnectionException ex)
        {
            LogUnreachable(logger, ex);
        }
    }

    // The client is disposed with the container, after the adapters that use it.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(4101, LogLevel.Warning, "Redis is not reachable yet; serving this node's clients only until it is. Still connecting in the background.")]
    private static partial void LogUnreachable(ILogger logger, Exception exception);
}
