using System.Security.Claims;

namespace SocketIo.Server;

/// <summary>What <see cref="NamespaceAdmission"/> decided: the socket's user and its expiry, or the refusal message.</summary>
internal readonly record struct AdmissionOutcome(ClaimsPrincipal? User, DateTimeOffset? ExpiresAt, string? Refusal)
{
    public static AdmissionOutcome Admit(ClaimsPrincipal user, DateTimeOffset? expiresAt) => new(user, expiresAt, null);

    public static AdmissionOutcome Refuse(string message) => new(null, null, message);
}
