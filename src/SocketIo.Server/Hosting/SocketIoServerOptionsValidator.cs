using Microsoft.Extensions.Options;

namespace SocketIo.Server.Hosting;

/// <summary>Rejects Socket.IO option values the server cannot run with, at start-up.</summary>
internal sealed class SocketIoServerOptionsValidator : IValidateOptions<SocketIoServerOptions>
{
    /// <summary>Encoding and decoding recurse once per level: this keeps them far from the end of a thread's stack.</summary>
    private const int MaxJsonDepthLimit = 1000;

    public ValidateOptionsResult Validate(string? name, SocketIoServerOptions options)
    {
        var failures = new List<string>();
        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.ConnectTimeout)} must be positive.");
        }

        if (options.MaxAttachments < 0)
        {
            failures.Add($"{nameof(options.MaxAttachments)} must not be negative.");
        }

        if (options.MaxJsonDepth is < 1 or > MaxJsonDepthLimit)
        {
            failures.Add($"{nameof(options.MaxJsonDepth)} must be between 1 and {MaxJsonDepthLimit}.");
        }

        if (options.SerializerOptions is null)
        {
            failures.Add($"{nameof(options.SerializerOptions)} must be set.");
        }

        if (options.ConnectionStateRecovery is { } recovery)
        {
            if (recovery.MaxDisconnectionDuration <= TimeSpan.Zero)
            {
                failures.Add("ConnectionStateRecovery.MaxDisconnectionDuration must be positive.");
            }

            if (recovery.MaxBufferedPackets <= 0 || recovery.MaxSessions <= 0)
            {
                failures.Add("ConnectionStateRecovery.MaxBufferedPackets and MaxSessions must be positive.");
            }
        }

        ValidateLimits(failures, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateLimits(List<string> failures, SocketIoServerOptions options)
    {
        RequirePositiveOrNull(failures, nameof(options.MaxConnectionsPerUser), options.MaxConnectionsPerUser);
        RequirePositiveOrNull(failures, nameof(options.MaxRoomsPerSocket), options.MaxRoomsPerSocket);
        RequirePositiveOrNull(failures, nameof(options.MaxPendingAcksPerSocket), options.MaxPendingAcksPerSocket);
        if (options.InboundRateLimit is { } rate)
        {
            if (!double.IsFinite(rate.PermitsPerSecond) || rate.PermitsPerSecond <= 0)
            {
                failures.Add("InboundRateLimit.PermitsPerSecond must be positive.");
            }

            if (rate.Burst < 1)
            {
                failures.Add("InboundRateLimit.Burst must be at least 1.");
            }

            if (!Enum.IsDefined(rate.Action))
            {
                failures.Add("InboundRateLimit.Action must be Drop, Error or Disconnect.");
            }
        }
    }

    private static void RequirePositiveOrNull(List<string> failures, string name, int? value)
    {
        if (value is <= 0)
        {
            failures.Add($"{name} must be positive, or null for no limit.");
        }
    }
}
