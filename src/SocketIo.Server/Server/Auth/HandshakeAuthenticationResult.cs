using System.Security.Claims;

namespace SocketIo.Server;

/// <summary>What an <see cref="IHandshakeAuthenticator"/> decided: success with a principal, failure, or no result.</summary>
public sealed class HandshakeAuthenticationResult
{
    private static readonly HandshakeAuthenticationResult Failure = new(null, null, failed: true);

    private HandshakeAuthenticationResult(ClaimsPrincipal? principal, DateTimeOffset? expiresAt, bool failed)
    {
        Principal = principal;
        ExpiresAt = expiresAt;
        Failed = failed;
    }

    /// <summary>The authenticator has nothing to say about this client (e.g. the credential it reads is absent).</summary>
    public static HandshakeAuthenticationResult NoResult { get; } = new(null, null, failed: false);

    /// <summary>Whether the client was authenticated.</summary>
    public bool Succeeded => Principal is not null;

    /// <summary>Whether the client presented credentials that were refused.</summary>
    public bool Failed { get; }

    /// <summary>The authenticated principal, when <see cref="Succeeded"/>.</summary>
    public ClaimsPrincipal? Principal { get; }

    /// <summary>When the authentication stops being valid: the socket is disconnected then. Null: never.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The client is <paramref name="principal"/>.</summary>
    /// <param name="principal">Becomes <see cref="Socket.User"/>.</param>
    /// <param name="expiresAt">
    /// When the credential expires: the socket is then disconnected (the client sees <c>io server disconnect</c>
    /// and may connect again with a fresh credential). Null keeps the socket for as long as it stays connected.
    /// </param>
    public static HandshakeAuthenticationResult Success(ClaimsPrincipal principal, DateTimeOffset? expiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return new HandshakeAuthenticationResult(principal, expiresAt, failed: false);
    }

    /// <summary>
    /// The client's credentials are refused. The client gets <c>{"message":"unauthorized"}</c> and nothing else: the
    /// reason stays on the server.
    /// </summary>
    public static HandshakeAuthenticationResult Fail() => Failure;
}
