using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Wire.Support;

/// <summary>
/// What real Node nodes publish: runs interop-tests/tools/classic-capture.mjs (two socket.io 4.8 nodes with the
/// classic @socket.io/redis-adapter 8.3, performing a fixed list of operations) against a redis-server of its own while
/// recording every <c>socket.io*</c> message, once with shared and once with node-specific response channels.
/// </summary>
public sealed class ClassicNodeCapture : IAsyncLifetime
{
    private const string MarkerChannel = "socket.io-capture";
    private RedisServerProcess _redis = null!;
    private RespPubSubClient _client = null!;

    /// <summary>The run where Node answers on the shared response channel (the default).</summary>
    internal CaptureRun Shared { get; private set; } = null!;

    /// <summary>The run where the answering Node node has <c>publishOnSpecificResponseChannel</c>.</summary>
    internal CaptureRun Specific { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        _client = await RespTestClients.StartAsync(_redis);
        var recorder = new MessageRecorder();
        await _client.SubscribeAsync(new RedisChannel("socket.io*", RedisChannelKind.Pattern), recorder.Handler);
        Shared = await RunAsync(recorder, specific: false);
        Specific = await RunAsync(recorder, specific: true);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SocketIoSharp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (SocketIoSharp.sln) was not found above " + AppContext.BaseDirectory);
    }

    private async Task<CaptureRun> RunAsync(MessageRecorder recorder, bool specific)
    {
        var root = FindRepositoryRoot();
        if (!Directory.Exists(Path.Combine(root, "node_modules", "@socket.io", "redis-adapter")))
        {
            throw new InvalidOperationException($"node_modules/@socket.io/redis-adapter is missing in {root}: run npm ci (or ./test.sh, which does).");
        }

        string[] arguments = specific
            ? [Path.Combine(root, "interop-tests", "tools", "classic-capture.mjs"), _redis.Url, "specific"]
            : [Path.Combine(root, "interop-tests", "tools", "classic-capture.mjs"), _redis.Url];
        var start = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };

        // handshake.time is Date's toString, which depends on the time zone; .NET writes it as UTC.
        start.Environment["TZ"] = "UTC";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("classic-capture.mjs did not finish in 60 s: " + await error);
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"classic-capture.mjs exited with {process.ExitCode}: {await error}");
        }

        var summary = JsonDocument.Parse(await output).RootElement.Clone();
        var operations = new Dictionary<string, List<ReceivedMessage>>(StringComparer.Ordinal);
        List<ReceivedMessage>? current = null;
        while (true)
        {
            var message = await recorder.NextAsync();
            if (message.Channel == MarkerChannel)
            {
                if (message.Text == "end")
                {
                    break;
                }

                operations[message.Text] = current = [];
            }
            else
            {
                current?.Add(message);
            }
        }

        return new CaptureRun(summary, operations);
    }
}

/// <summary>One run of the capture script: its summary and the messages of each operation, in order.</summary>
/// <param name="Summary">The script's output: uids, the socket id, the operations' results.</param>
/// <param name="Operations">Every message published during each operation.</param>
internal sealed record CaptureRun(JsonElement Summary, IReadOnlyDictionary<string, List<ReceivedMessage>> Operations)
{
    /// <summary>The uid of node A, which performs the operations.</summary>
    public string UidA => Summary.GetProperty("uidA").GetString()!;

    /// <summary>The uid of node B, which holds the socket and answers.</summary>
    public string UidB => Summary.GetProperty("uidB").GetString()!;

    /// <summary>The id of B's socket.</summary>
    public string SocketId => Summary.GetProperty("socketId").GetString()!;

    /// <summary>The messages of one operation.</summary>
    internal IReadOnlyList<ReceivedMessage> Of(string operation) => Operations[operation];
}
