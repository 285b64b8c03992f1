using System.Net.Security;

namespace SocketIo.Adapter.Redis;

/// <summary>Where a Redis server is and how to connect to it.</summary>
/// <remarks>A <c>redis://</c> or <c>rediss://</c> URL can be turned into these options with <see cref="Parse"/>.</remarks>
public sealed partial class RedisConnectionOptions
{
    /// <summary>The host name or address. Default <c>localhost</c>.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>The TCP port. Default 6379.</summary>
    public int Port { get; set; } = 6379;

    /// <summary>The ACL user name, used with <see cref="Password"/>; null for the default user.</summary>
    public string? User { get; set; }

    /// <summary>The password; null when the server has none.</summary>
    public string? Password { get; set; }

    /// <summary>Connect with TLS. Default false.</summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// With <see cref="UseTls"/>: how to authenticate the server and the client (certificate validation callback,
    /// client certificates, protocols). Null for the system's defaults. When its <c>TargetHost</c> is null,
    /// <see cref="Host"/> is used. The object is not modified.
    /// </summary>
    public SslClientAuthenticationOptions? TlsOptions { get; set; }

    /// <summary>
    /// The protocol version: <see cref="RedisProtocol.Resp2"/> (the default) works with any Redis server;
    /// <see cref="RedisProtocol.Resp3"/> (<c>HELLO 3</c>) needs Redis 6 or later.
    /// </summary>
    public RedisProtocol Protocol { get; set; } = RedisProtocol.Resp2;

    /// <summary>How long to wait for a connection (and its login) before trying again. Default 5 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for the reply to a command before the connection is deemed broken. Default 5 seconds.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A connection that received nothing for this long sends a <c>PING</c>, so a connection that died silently (a
    /// dropped route, an idle timeout in a load balancer) is noticed within this plus <see cref="CommandTimeout"/>.
    /// Default 30 seconds; <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most bytes of commands a connection holds that Redis has not taken yet (written but not sent, because
    /// Redis or the network is slower than the commands come). A command made while this much or more is waiting
    /// fails at once with <see cref="Resp.RedisConnectionException"/> instead of growing the buffer (a publish is then
    /// counted as a publish failure); the connection stays up. Default 32,000,000.
    /// </summary>
    public long MaxOutgoingBytes { get; set; } = 32_000_000;

    /// <summary>The longest pause between two reconnection attempts (they back off up to it). Default 2 seconds.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Checks that the options can be used, before anything connects.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("RedisConnectionOptions.Host is empty.", nameof(Host));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"RedisConnectionOptions.Port {Port} is not a TCP port.", nameof(Port));
        }

        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        RequirePositive(CommandTimeout, nameof(CommandTimeout));
        RequirePositive(MaxReconnectDelay, nameof(MaxReconnectDelay));
        if (MaxOutgoingBytes <= 0)
        {
            throw new ArgumentException("RedisConnectionOptions.MaxOutgoingBytes must be positive.", nameof(MaxOutgoingBytes));
        }
        if (KeepAliveInterval < TimeSpan.Zero && KeepAliveInterval != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("RedisConnectionOptions.KeepAliveInterval is negative.", nameof(KeepAliveInterval));
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RedisConnectionOptions.{name} must be positive.", name);
        }
    }
}
