using SocketIo.Server.Diagnostics;

namespace SocketIo.Server;

public sealed partial class Socket
{
    private ITimer? _expiry;

    /// <summary>When the socket's authentication expires, if it does (<see cref="HandshakeAuthenticationResult.ExpiresAt"/>).</summary>
    internal DateTimeOffset? AuthenticationExpiresAt { get; set; }

    /// <summary>Arms the disconnection at <see cref="AuthenticationExpiresAt"/>; called once the socket is connected.</summary>
    private void StartExpiry()
    {
        if (AuthenticationExpiresAt is not { } expiresAt)
        {
            return;
        }

        var time = Namespace.Server.TimeProvider;
        var due = expiresAt - time.GetUtcNow();
        var timer = time.CreateTimer(static state => ((Socket)state!).OnAuthenticationExpired(), this, due > TimeSpan.Zero ? due : TimeSpan.Zero, System.Threading.Timeout.InfiniteTimeSpan);
        _expiry = timer;
        if (!Connected)
        {
            // Closed while the timer was being made: OnClose may have missed it.
            timer.Dispose();
        }
    }

    private void StopExpiry() => _expiry?.Dispose();

    private void OnAuthenticationExpired()
    {
        if (!Connected)
        {
            return;
        }

        AuthLog.AuthenticationExpired(Logger, Namespace.Name, Id);
        Disconnect();
    }
}
