using SocketIo.Server.Diagnostics;

namespace SocketIo.Server;

public sealed partial class Socket
{
    // Null unless the authentication expires: one slot per socket for what few sockets have.
    private AuthenticationExpiry? _expiry;

    /// <summary>When the socket's authentication expires, if it does (<see cref="HandshakeAuthenticationResult.ExpiresAt"/>).</summary>
    internal DateTimeOffset? AuthenticationExpiresAt
    {
        get => _expiry?.At;
        set => _expiry = value is { } at ? new AuthenticationExpiry(at) : null;
    }

    /// <summary>Arms the disconnection at <see cref="AuthenticationExpiresAt"/>; called once the socket is connected.</summary>
    private void StartExpiry()
    {
        if (_expiry is not { } expiry)
        {
            return;
        }

        var time = Namespace.Server.TimeProvider;
        var due = expiry.At - time.GetUtcNow();
        var timer = time.CreateTimer(static state => ((Socket)state!).OnAuthenticationExpired(), this, due > TimeSpan.Zero ? due : TimeSpan.Zero, System.Threading.Timeout.InfiniteTimeSpan);
        expiry.Timer = timer;
        if (!Connected)
        {
            // Closed while the timer was being made: OnClose may have missed it.
            timer.Dispose();
        }
    }

    private void StopExpiry() => _expiry?.Timer?.Dispose();

    private void OnAuthenticationExpired()
    {
        if (!Connected)
        {
            return;
        }

        AuthLog.AuthenticationExpired(Logger, Namespace.Name, Id);
        Disconnect();
    }

    private sealed class AuthenticationExpiry(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;

        public ITimer? Timer { get; set; }
    }
}
