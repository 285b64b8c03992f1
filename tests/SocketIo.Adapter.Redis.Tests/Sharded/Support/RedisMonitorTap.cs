using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace SocketIo.Adapter.Redis.Tests.Sharded.Support;

/// <summary>
/// Watches every <c>SPUBLISH</c> any client sends to a Redis server, through <c>MONITOR</c>: unlike a subscriber it
/// is not counted by <c>PUBSUB SHARDNUMSUB</c>, so the nodes under test see exactly each other.
/// </summary>
internal sealed class RedisMonitorTap : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Channel<PublishedMessage> _published = Channel.CreateUnbounded<PublishedMessage>();
    private readonly Task _reading;

    private RedisMonitorTap(TcpClient tcp)
    {
        _tcp = tcp;
        _reading = Task.Run(ReadAsync);
    }

    public static async Task<RedisMonitorTap> StartAsync(string host, int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync("MONITOR\r\n"u8.ToArray());
        var ok = new byte[5];
        await stream.ReadExactlyAsync(ok);
        Encoding.ASCII.GetString(ok).Should().Be("+OK\r\n");
        return new RedisMonitorTap(tcp);
    }

    /// <summary>The next published message that <paramref name="match"/> accepts; others are skipped.</summary>
    public async Task<PublishedMessage> NextAsync(Func<PublishedMessage, bool> match, string what, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            while (true)
            {
                var message = await _published.Reader.ReadAsync(cancel.Token);
                if (match(message))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No SPUBLISH of {what} was seen in time.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        await _reading;
    }

    /// <summary>Undoes Redis' <c>sdscatrepr</c> quoting of one argument (from just after its opening quote).</summary>
    private static byte[] Unquote(string line, ref int i)
    {
        var bytes = new List<byte>();
        while (line[i] != '"')
        {
            if (line[i] != '\\')
            {
                bytes.Add((byte)line[i++]);
                continue;
            }

            var escaped = line[i + 1];
            i += 2;
            switch (escaped)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'x':
                    bytes.Add(Convert.ToByte(line.Substring(i, 2), 16));
                    i += 2;
                    break;
                default: bytes.Add((byte)escaped); break;
            }
        }

        i++;
        return [.. bytes];
    }

    private static List<byte[]> Arguments(string line)
    {
        var arguments = new List<byte[]>();
        var i = line.IndexOf('"', StringComparison.Ordinal);
        while (i >= 0 && i < line.Length)
        {
            i++;
            arguments.Add(Unquote(line, ref i));
            i = line.IndexOf('"', i);
        }

        return arguments;
    }

    private async Task ReadAsync()
    {
        try
        {
            // Every byte of an argument outside printable ASCII is escaped, so a line is all ASCII and ends at CRLF.
            using var reader = new StreamReader(_tcp.GetStream(), Encoding.Latin1);
            while (await reader.ReadLineAsync() is { } line)
            {
                var arguments = Arguments(line);
                if (arguments.Count == 3 && Encoding.ASCII.GetString(arguments[0]).Equals("SPUBLISH", StringComparison.OrdinalIgnoreCase))
                {
                    _published.Writer.TryWrite(new PublishedMessage(Encoding.UTF8.GetString(arguments[1]), arguments[2]));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            // The tap was closed.
        }
        finally
        {
            _published.Writer.TryComplete();
        }
    }
}

/// <summary>One SPUBLISH seen by the tap.</summary>
/// <param name="Channel">The sharded channel.</param>
/// <param name="Payload">The message bytes.</param>
internal sealed record PublishedMessage(string Channel, byte[] Payload);
