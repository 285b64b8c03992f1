using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SocketIo.Server.Tests.Support;

/// <summary>Every log entry of a test server, at every level: message, structured values and exception text.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyCollection<Entry> Entries => _entries;

    /// <summary>Sends the server's logs here, from Trace up.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(this);
        services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Trace);
    }

    /// <summary>Everything written, as one text to search.</summary>
    public string AllText() => string.Join('\n', _entries.Select(e => e.ToString()));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, string?> Values, string? Exception)
    {
        public override string ToString() =>
            $"{Category} {Level} {EventId} {Message} {string.Join(' ', Values.Select(v => v.Key + "=" + v.Value))} {Exception}";
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var pair in pairs)
                {
                    values[pair.Key] = pair.Value?.ToString();
                }
            }

            owner._entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
