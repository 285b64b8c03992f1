using System.Net.Sockets;
using System.Security.Authentication;

namespace SocketIo.Adapter.Redis.Resp;

internal sealed partial class RespConnection
{
    /// <summary>
    /// Opens a connection and logs in: <c>HELLO 3 [AUTH user password]</c> for RESP3, otherwise
    /// <c>AUTH [user] password</c> when a password is set, or a <c>PING</c> when none is.
    /// </summary>
    /// <param name="options">Where and how to connect; <see cref="RedisConnectionOptions.ConnectTimeout"/> bounds the whole attempt.</param>
    /// <param name="filter">Takes out-of-band frames (see <see cref="RespFrameFilter"/>); null to ignore RESP3 pushes.</param>
    /// <param name="time">The clock for timeouts.</param>
    /// <param name="cancellationToken">Abandons the attempt.</param>
    /// <returns>The open, logged-in connection.</returns>
    /// <exception cref="RedisConnectionException">
    /// Redis could not be reached in time, TLS failed, or the login was refused (the message says which).
    /// </exception>
    public static async Task<RespConnection> ConnectAsync(
        RedisConnectionOptions options, RespFrameFilter? filter, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        RespConnection? connection = null;
        try
        {
            var (socket, stream) = await RespTransport.OpenAsync(options, linked.Token).ConfigureAwait(false);
            connection = new RespConnection(socket, stream, options, filter, time);
            await connection.LogInAsync(options, linked.Token).ConfigureAwait(false);
            return connection;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw Describe(ex, options, timeout.IsCancellationRequested);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private static RedisConnectionException Describe(Exception ex, RedisConnectionOptions options, bool timedOut)
    {
        var server = $"{options.Host}:{options.Port}";
        return ex switch
        {
            _ when timedOut => new RedisConnectionException(
                $"Connecting to Redis at {server} timed out after {options.ConnectTimeout.TotalMilliseconds} ms.", ex),
            RedisCommandException => new RedisConnectionException($"Redis at {server} refused the login: {ex.Message}", ex),
            SocketException => new RedisConnectionException($"Could not connect to Redis at {server}: {ex.Message}", ex),
            AuthenticationException => new RedisConnectionException($"The TLS handshake with Redis at {server} failed: {ex.Message}", ex),
            RedisConnectionException => new RedisConnectionException($"Connecting to Redis at {server} failed: {ex.Message}", ex),
            _ => new RedisConnectionException($"Connecting to Redis at {server} failed: {ex.Message}", ex),
        };
    }

    private Task<RespValue> LogInAsync(RedisConnectionOptions options, CancellationToken cancellationToken)
    {
        if (options.Protocol == RedisProtocol.Resp3)
        {
            string[] hello = options.Password is null
                ? ["HELLO", "3"]
                : ["HELLO", "3", "AUTH", options.User ?? "default", options.Password];
            return SendAsync(hello, cancellationToken);
        }

        if (options.Password is null)
        {
            // Proves the server speaks RESP and lets us in (a server wanting a password answers NOAUTH), so a
            // misconfiguration shows at connection time rather than on the first publish.
            return SendAsync(["PING"], cancellationToken);
        }

        string[] auth = options.User is null ? ["AUTH", options.Password] : ["AUTH", options.User, options.Password];
        return SendAsync(auth, cancellationToken);
    }
}
