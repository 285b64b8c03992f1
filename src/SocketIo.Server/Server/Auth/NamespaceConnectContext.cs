namespace SocketIo.Server;

/// <summary>
/// A client asking to join a namespace: what an <see cref="IHandshakeAuthenticator"/> gets, and the resource the
/// authorization handlers of <see cref="Namespace.RequireAuthorization"/> see (e.g. to check that the user may
/// join the dynamic namespace <c>/team-42</c>).
/// </summary>
public sealed class NamespaceConnectContext
{
    internal NamespaceConnectContext(Namespace nsp, SocketHandshake handshake)
    {
        Namespace = nsp;
        Handshake = handshake;
    }

    /// <summary>The namespace the client asks to join (for a dynamic name, the child namespace).</summary>
    public Namespace Namespace { get; }

    /// <summary>
    /// The handshake: the CONNECT packet's <c>auth</c> payload, the opening request's headers, query and address,
    /// and its ASP.NET Core user (<see cref="SocketHandshake.User"/>).
    /// </summary>
    public SocketHandshake Handshake { get; }
}
