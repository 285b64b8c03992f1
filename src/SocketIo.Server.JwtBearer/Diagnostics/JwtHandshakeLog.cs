using Microsoft.Extensions.Logging;

namespace SocketIo.Server.JwtBearer.Diagnostics;

/// <summary>
/// Why a handshake token was refused, as an exception type only: validation messages can quote parts of the token,
/// so neither they nor the token are ever logged. The security event itself ("handshake authentication failed",
/// with namespace, session and address) is logged by the server.
/// </summary>
internal static partial class JwtHandshakeLog
{
    [LoggerMessage(551, LogLevel.Debug, "Namespace {Namespace}: the handshake token was refused ({Reason}).")]
    public static partial void TokenRefused(ILogger logger, string @namespace, string reason);

    [LoggerMessage(552, LogLevel.Warning, "Scheme {Scheme}: fetching the OpenID Connect configuration failed; handshake tokens are refused until it succeeds.")]
    public static partial void ConfigurationFailed(ILogger logger, string scheme, Exception exception);
}
