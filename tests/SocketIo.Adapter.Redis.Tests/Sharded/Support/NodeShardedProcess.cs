using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace SocketIo.Adapter.Redis.Tests.Sharded.Support;

/// <summary>
/// A real Node socket.io node with <c>createShardedAdapter</c> (interop-tests/tools/sharded-capture.mjs), driven one
/// command at a time; what it reports unasked (events its clients and listeners receive) is queued.
/// </summary>
internal sealed class NodeShardedProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly Channel<JsonElement> _replies = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _events = [];
    private readonly TaskCompletionSource<JsonElement> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _errors = new();
    private readonly Task _reading;
    private int _nextId;

    private NodeShardedProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>The uid of the node's adapter of the main namespace.</summary>
    public string Uid { get; private set; } = string.Empty;

    public static async Task<NodeShardedProcess> StartAsync(string redisUrl, string subscriptionMode, string prefix = "socket.io")
    {
        var start = new ProcessStartInfo("node", [Path.Combine(RepositoryRoot, "interop-tests", "tools", "sharded-capture.mjs"), redisUrl, subscriptionMode, prefix])
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
        var node = new NodeShardedProcess(process);
        try
        {
            var ready = await node._ready.Task.WaitAsync(ReplyTimeout);
            node.Uid = ready.GetProperty("uid").GetString()!;
            return node;
        }
        catch
        {
            var errors = node.Errors;
            await node.DisposeAsync();
            throw new InvalidOperationException($"sharded-capture.mjs did not start: {errors}");
        }
    }

    /// <summary>What the node wrote to stderr so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Sends a command and waits for its reply; fails when the reply is an error.</summary>
    public async Task<JsonElement> SendAsync(string op, object? arguments = null)
    {
        var reply = await TrySendAsync(op, arguments);
        if (reply.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"node failed {op}: {error.GetString()}");
        }

        return reply;
    }

    /// <summary>Sends a command and waits for its reply, an error reply included.</summary>
    public async Task<JsonElement> TrySendAsync(string op, object? arguments = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var command = JsonSerializer.SerializeToNode(arguments ?? new { })!.AsObject();
        command["id"] = id;
        command["op"] = op;
        await _process.StandardInput.WriteLineAsync(command.ToJsonString());
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        try
        {
            var reply = await _replies.Reader.ReadAsync(timeout.Token);
            reply.GetProperty("id").GetInt32().Should().Be(id, "commands are sent one at a time");
            return reply;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"node did not answer {op} in time: {Errors}");
        }
    }

    /// <summary>Waits until the node has reported <paramref name="count"/> events <paramref name="match"/> accepts (so far, in all).</summary>
    public async Task WaitForEventsAsync(Func<JsonElement, bool> match, int count, string what)
    {
        var deadline = DateTime.UtcNow + ReplyTimeout;
        while (true)
        {
            int seen;
            lock (_events)
            {
                seen = _events.Count(match);
            }

            if (seen >= count)
            {
                seen.Should().Be(count, what);
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"node reported {seen} of {count} {what} in time: {Errors}");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await _reading;
        _process.Dispose();
    }

    private static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SocketIoSharp.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("SocketIoSharp.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var parsed = JsonDocument.Parse(line).RootElement.Clone();
            if (parsed.TryGetProperty("ready", out _))
            {
                _ready.TrySetResult(parsed);
            }
            else if (parsed.TryGetProperty("id", out _))
            {
                _replies.Writer.TryWrite(parsed);
            }
            else
            {
                lock (_events)
                {
                    _events.Add(parsed);
                }
            }
        }

        _ready.TrySetException(new InvalidOperationException("node exited"));
        _replies.Writer.TryComplete();
    }
}
