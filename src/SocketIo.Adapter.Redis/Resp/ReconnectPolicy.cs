using Polly;
using Polly.Retry;

namespace SocketIo.Adapter.Redis.Resp;

/// <summary>
/// How a lost connection is made again: at once, then after exponentially growing, jittered pauses capped at
/// <see cref="RedisConnectionOptions.MaxReconnectDelay"/>, for as long as the client lives.
/// </summary>
internal static class ReconnectPolicy
{
    /// <summary>The pause after the first failed attempt (or the cap, when it is shorter); later ones grow from it.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Builds the retry pipeline for one connection.</summary>
    /// <param name="options">Supplies the longest pause.</param>
    /// <param name="time">The clock the pauses are measured on.</param>
    /// <param name="onRetry">Called after each failed attempt, before its pause (for logging).</param>
    /// <returns>A pipeline that retries every failure until its cancellation token is cancelled.</returns>
    public static ResiliencePipeline Create(RedisConnectionOptions options, TimeProvider time, Func<OnRetryArguments<object>, ValueTask> onRetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cap = options.MaxReconnectDelay;
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = cap < FirstDelay ? cap : FirstDelay,
                MaxDelay = cap,
                // Every failure is retried; only stopping the client (the pipeline's token) ends the retries.
                ShouldHandle = static args => ValueTask.FromResult(
                    args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
                OnRetry = onRetry,
            })
            .Build();
    }
}
