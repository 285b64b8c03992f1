using Microsoft.Extensions.Options;

namespace SocketIo.Adapter.Redis.Hosting;

/// <summary>Rejects Redis adapter option values the adapter cannot run with, at start-up.</summary>
internal sealed class RedisAdapterOptionsValidator : IValidateOptions<RedisAdapterOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisAdapterOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.Key))
        {
            failures.Add($"{nameof(RedisAdapterOptions.Key)} must not be empty.");
        }

        if (options.RequestsTimeout <= TimeSpan.Zero || options.RequestsTimeout.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"{nameof(RedisAdapterOptions.RequestsTimeout)} must be positive (and at most {int.MaxValue} ms).");
        }

        if (options.MaxInboxBytes <= 0)
        {
            failures.Add($"{nameof(RedisAdapterOptions.MaxInboxBytes)} must be positive.");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{nameof(RedisAdapterOptions.Mode)} {options.Mode} is not a mode.");
        }

        if (!Enum.IsDefined(options.SubscriptionMode))
        {
            failures.Add($"{nameof(RedisAdapterOptions.SubscriptionMode)} {options.SubscriptionMode} is not a subscription mode.");
        }

        if (options.Connection is null)
        {
            failures.Add($"{nameof(RedisAdapterOptions.Connection)} must be set.");
        }
        else
        {
            try
            {
                options.Connection.Validate();
            }
            catch (ArgumentException ex)
            {
                failures.Add(ex.Message);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
