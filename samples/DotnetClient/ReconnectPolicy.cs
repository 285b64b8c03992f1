using Polly;
using Polly.Retry;

namespace DotnetClient;

/// <summary>
/// How the client gets (back) on line: every failed attempt (login or connection) is retried, without end, after an
/// exponentially growing delay with jitter, so that clients cut off together do not all come back at once.
/// </summary>
internal static class ReconnectPolicy
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    public static ResiliencePipeline Create(TextWriter output) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            // Anything an attempt throws is worth another attempt, unless the user is quitting.
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = FirstDelay,
            MaxDelay = MaxDelay,
            MaxRetryAttempts = int.MaxValue,
            OnRetry = args =>
            {
                output.WriteLine(
                    $"reconnecting in {args.RetryDelay.TotalSeconds:0.0}s (attempt {args.AttemptNumber + 2}): {args.Outcome.Exception?.Message}");
                return ValueTask.CompletedTask;
            },
        })
        .Build();
}
