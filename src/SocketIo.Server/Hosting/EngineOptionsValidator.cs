using Microsoft.Extensions.Options;
using SocketIo.Server.Engine;

namespace SocketIo.Server.Hosting;

/// <summary>Rejects option values the engine cannot run with, at start-up rather than on the first request.</summary>
internal sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        var failures = new List<string>();
        RequirePositive(failures, nameof(options.PingInterval), options.PingInterval);
        RequirePositive(failures, nameof(options.PingTimeout), options.PingTimeout);
        RequirePositive(failures, nameof(options.UpgradeTimeout), options.UpgradeTimeout);
        RequirePositive(failures, nameof(options.PollingCloseTimeout), options.PollingCloseTimeout);
        if (options.MaxHttpBufferSize is <= 0 or >= int.MaxValue)
        {
            failures.Add($"{nameof(options.MaxHttpBufferSize)} must be between 1 and {int.MaxValue - 1} bytes.");
        }

        if (options.MaxBufferedBytes <= 0)
        {
            failures.Add($"{nameof(options.MaxBufferedBytes)} must be positive.");
        }

        if (options.MaxWebSocketFragments <= 0)
        {
            failures.Add($"{nameof(options.MaxWebSocketFragments)} must be positive.");
        }

        if ((options.Transports & EngineTransports.All) == EngineTransports.None || (options.Transports & ~EngineTransports.All) != 0)
        {
            failures.Add($"{nameof(options.Transports)} must name polling, websocket or both.");
        }

        if (options.Cookie is { Name: null or "" })
        {
            failures.Add("Cookie.Name must not be empty.");
        }

        ValidateOriginsAndCaps(failures, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateOriginsAndCaps(List<string> failures, EngineOptions options)
    {
        foreach (var origin in options.AllowedOrigins)
        {
            if (origin is null || !(origin == "null" || OriginText.IsOrigin(origin)))
            {
                failures.Add($"{nameof(options.AllowedOrigins)} holds \"{origin}\", which is not an origin (scheme://host[:port], no path); use {nameof(options.AllowAnyOrigin)} to accept every origin.");
            }
        }

        if (options.MaxConnectionsPerIp is <= 0)
        {
            failures.Add($"{nameof(options.MaxConnectionsPerIp)} must be positive, or null for no limit.");
        }
    }

    private static void RequirePositive(List<string> failures, string name, TimeSpan value)
    {
        // Timers take milliseconds up to int.MaxValue; anything longer is a configuration mistake.
        if (value <= TimeSpan.Zero || value.TotalMilliseconds >= int.MaxValue)
        {
            failures.Add($"{name} must be positive and under {int.MaxValue} ms.");
        }
    }
}
