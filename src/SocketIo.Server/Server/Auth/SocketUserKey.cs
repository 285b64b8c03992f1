using System.Security.Claims;

namespace SocketIo.Server;

/// <summary>
/// The stable id of a socket's user: the NameIdentifier claim, else <c>sub</c>, else the identity's name; null for an
/// unauthenticated principal.
/// </summary>
internal static class SocketUserKey
{
    public static string? Of(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity)
        {
            return null;
        }

        return user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value ?? identity.Name;
    }
}
