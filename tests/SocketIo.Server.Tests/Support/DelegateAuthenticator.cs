using System.Security.Claims;

namespace SocketIo.Server.Tests.Support;

/// <summary>A handshake authenticator made of a function, for tests.</summary>
internal sealed class DelegateAuthenticator(Func<NamespaceConnectContext, HandshakeAuthenticationResult> decide) : IHandshakeAuthenticator
{
    public ValueTask<HandshakeAuthenticationResult> AuthenticateAsync(NamespaceConnectContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(decide(context));

    /// <summary>An authenticated principal named <paramref name="name"/>, with the given roles.</summary>
    public static ClaimsPrincipal User(string name, params string[] roles) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, name), new Claim(ClaimTypes.Name, name), .. roles.Select(r => new Claim(ClaimTypes.Role, r))],
            authenticationType: "Test"));

    /// <summary>Authenticates as the <c>auth.user</c> of the payload (with <c>auth.roles</c>), fails on <c>auth.bad</c>, else no result.</summary>
    public static DelegateAuthenticator FromAuthPayload() => new(DecideFromAuthPayload);

    /// <summary>What <see cref="FromAuthPayload"/> decides.</summary>
    public static HandshakeAuthenticationResult DecideFromAuthPayload(NamespaceConnectContext context)
    {
        var auth = context.Handshake.Auth;
        if (auth.TryGetProperty("bad", out _))
        {
            return HandshakeAuthenticationResult.Fail();
        }

        if (!auth.TryGetProperty("user", out var user))
        {
            return HandshakeAuthenticationResult.NoResult;
        }

        var roles = auth.TryGetProperty("roles", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
        return HandshakeAuthenticationResult.Success(User(user.GetString()!, roles));
    }
}
