using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace SocketIo.Adapter.Redis.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> of the test's own, on a free loopback port, killed at disposal. Extra arguments are
/// passed as they are (e.g. <c>--requirepass secret</c>, <c>--user alice on &gt;pw ~* &amp;* +@all</c>). With
/// <see cref="RedisTestCertificate"/> it listens with TLS only.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    /// <summary>The message a test fails with when the binary is missing.</summary>
    public const string NotFoundMessage = "redis-server not found: run ./test.sh, which installs it";

    private const int MaxOutputChars = 64 * 1024;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);

    private readonly string[] _extraArguments;
    private readonly RedisTestCertificate? _certificate;
    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private RedisServerProcess(int port, string[] extraArguments, RedisTestCertificate? certificate)
    {
        Port = port;
        _extraArguments = extraArguments;
        _certificate = certificate;
        _directory = Directory.CreateTempSubdirectory("redis-test-").FullName;
    }

    /// <summary>The loopback address it listens on.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>The port it listens on (TLS only, with a certificate); kept across <see cref="RestartAsync"/>.</summary>
    public int Port { get; }

    /// <summary>Whether it listens with TLS.</summary>
    public bool UsesTls => _certificate is not null;

    /// <summary>Its URL, without credentials: <c>redis://127.0.0.1:PORT</c> (or <c>rediss://</c>).</summary>
    public string Url => $"{(UsesTls ? "rediss" : "redis")}://{Host}:{Port}";

    /// <summary>What redis-server printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a plain server and waits until it answers.</summary>
    /// <param name="extraArguments">More redis-server arguments.</param>
    /// <exception cref="InvalidOperationException">redis-server is not installed (<see cref="NotFoundMessage"/>), or did not start.</exception>
    public static Task<RedisServerProcess> StartAsync(params string[] extraArguments) => StartAsync(null, extraArguments);

    /// <summary>Starts a server (TLS only when <paramref name="certificate"/> is given) and waits until it answers.</summary>
    /// <param name="certificate">The server's certificate; null for plain TCP.</param>
    /// <param name="extraArguments">More redis-server arguments.</param>
    /// <exception cref="InvalidOperationException">redis-server is not installed (<see cref="NotFoundMessage"/>), or did not start.</exception>
    public static async Task<RedisServerProcess> StartAsync(RedisTestCertificate? certificate, params string[] extraArguments)
    {
        _ = FindBinary();

        // A port picked then freed may be taken again before redis-server binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServerProcess(FreePort(), extraArguments, certificate);
            try
            {
                server.Launch();
                await server.WaitUntilReadyAsync().ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 5 && server.Output.Contains("Address already in use", StringComparison.Ordinal))
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Options pointing at this server (TLS trusting its certificate); set credentials and timeouts on them.</summary>
    public RedisConnectionOptions CreateOptions() => new()
    {
        Host = Host,
        Port = Port,
        UseTls = UsesTls,
        TlsOptions = _certificate?.CreateClientOptions(),
    };

    /// <summary>Waits until the server answers a <c>PING</c> (<c>+PONG</c>, or <c>-NOAUTH</c> when it wants a password).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="InvalidOperationException">It exited, or did not answer within 15 seconds.</exception>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"redis-server on port {Port} exited. Its output:\n{Output}");
            }

            if (await AnswersPingAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer within {ReadyTimeout}. Its output:\n{Output}");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the server (SIGKILL: no goodbye to its clients beyond what the kernel sends) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Kills the server and starts it again on the same port, with the same arguments; waits until it answers.</summary>
    public async Task RestartAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Launch();
        await WaitUntilReadyAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the server and deletes its working folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static string FindBinary()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("REDIS_SERVER") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (folder.Length > 0)
            {
                candidates.Add(Path.Combine(folder, "redis-server"));
            }
        }

        candidates.AddRange(["/usr/bin/redis-server", "/usr/local/bin/redis-server"]);
        return candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(NotFoundMessage);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Launch()
    {
        var start = new ProcessStartInfo(FindBinary())
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] listen = _certificate is null
            ? ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["--port", "0", "--tls-port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--tls-cert-file", _certificate.CertificateFile, "--tls-key-file", _certificate.KeyFile,
                "--tls-ca-cert-file", _certificate.CertificateFile, "--tls-auth-clients", "no"];
        foreach (var argument in listen.Concat(["--bind", Host, "--save", string.Empty, "--appendonly", "no", "--dir", _directory]).Concat(_extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < MaxOutputChars)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            using var client = new TcpClient();
            await client.ConnectAsync(Host, Port, timeout.Token).ConfigureAwait(false);
            Stream stream = client.GetStream();
            if (_certificate is not null)
            {
                var tls = new SslStream(stream);
                stream = tls;
                var options = _certificate.CreateClientOptions();
                options.TargetHost = Host;
                await tls.AuthenticateAsClientAsync(options, timeout.Token).ConfigureAwait(false);
            }

            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                var answer = Encoding.ASCII.GetString(buffer, 0, read);
                return answer.StartsWith("+PONG", StringComparison.Ordinal) || answer.StartsWith("-NOAUTH", StringComparison.Ordinal);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }
}
