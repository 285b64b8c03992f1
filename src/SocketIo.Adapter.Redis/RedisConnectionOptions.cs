namespace SocketIo.Adapter.Redis;

/// <summary>Where a Redis server is and how to connect to it.</summary>
public sealed class RedisConnectionOptions
{
    /// <summary>The host name or address. Default <c>localhost</c>.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>The TCP port. Default 6379.</summary>
    public int Port { get; set; } = 6379;

    /// <summary>The ACL user name; null for the default user.</summary>
    public string? User { get; set; }

    /// <summary>The password; null when the server has none.</summary>
    public string? Password { get; set; }

    /// <summary>Connect with TLS. Default false.</summary>
    public bool UseTls { get; set; }

    /// <summary>How long to wait for a connection (and its login) before trying again. Default 5 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for the reply to a command before the connection is deemed broken. Default 5 seconds.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest pause between two reconnection attempts (they back off up to it). Default 2 seconds.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);
}
