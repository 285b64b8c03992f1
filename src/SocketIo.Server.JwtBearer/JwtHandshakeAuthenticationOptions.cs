using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace SocketIo.Server.JwtBearer;

/// <summary>
/// How the handshake's JWT is found and what follows from it. How it is validated is not here: that is the host's
/// <see cref="JwtBearerOptions"/> for <see cref="Scheme"/>, as <c>AddAuthentication().AddJwtBearer(...)</c> set them.
/// </summary>
public sealed class JwtHandshakeAuthenticationOptions
{
    /// <summary>
    /// The JwtBearer authentication scheme whose options validate the token: its
    /// <see cref="JwtBearerOptions.TokenValidationParameters"/>, token handlers and configuration manager (OIDC
    /// metadata). Default <see cref="JwtBearerDefaults.AuthenticationScheme"/> (<c>"Bearer"</c>).
    /// </summary>
    public string Scheme { get; set; } = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>
    /// The field of the CONNECT <c>auth</c> payload that holds the token (the client's
    /// <c>io(url, { auth: { token } })</c>); a leading <c>"Bearer "</c> is accepted. Default <c>"token"</c>.
    /// </summary>
    public string TokenField { get; set; } = "token";

    /// <summary>
    /// Whether a CONNECT without a token is refused (<c>{"message":"unauthorized"}</c>). When false such a client
    /// falls back to the ASP.NET Core user of the request that opened the connection (often anonymous), and
    /// <see cref="Namespace.RequireAuthorization"/> decides per namespace. A token that is present but invalid is
    /// refused either way. Default true.
    /// </summary>
    public bool RequireToken { get; set; } = true;

    /// <summary>
    /// Whether a socket is disconnected when its token stops being valid: at its <c>exp</c> plus the
    /// <see cref="Microsoft.IdentityModel.Tokens.TokenValidationParameters.ClockSkew"/> the host allows (only when
    /// the host validates lifetimes). The client sees <c>io server disconnect</c> and may connect again with a fresh
    /// token. Default true.
    /// </summary>
    public bool DisconnectOnTokenExpiry { get; set; } = true;
}
