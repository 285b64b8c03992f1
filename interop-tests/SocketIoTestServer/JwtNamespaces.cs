using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using SocketIo.Server;
using SocketIo.Server.Hosting;

namespace SocketIoTestServer;

/// <summary>
/// The JWT part of the test server, on when JWT_KEY is set (auth.test.mjs sets it): HS256 tokens with JWT_KEY,
/// JWT_ISSUER and JWT_AUDIENCE, no clock skew, validated by the host's JwtBearer options for the handshake too.
/// A missing token falls back to the (anonymous) HTTP user; a bad one is refused on every namespace.
/// "/secure" needs an authenticated user, "/secure-admin" the role "admin"; both answer "claims" with who the
/// socket's user is, besides the usual events.
/// </summary>
internal static class JwtNamespaces
{
    public static bool IsEnabled => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JWT_KEY"));

    public static void AddServices(IServiceCollection services, ISocketIoBuilder socketIo)
    {
        services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = Environment.GetEnvironmentVariable("JWT_ISSUER"),
            ValidAudience = Environment.GetEnvironmentVariable("JWT_AUDIENCE"),
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("JWT_KEY")!)),
            ClockSkew = TimeSpan.Zero,
        });
        services.AddAuthorization(o => o.AddPolicy("admins", p => p.RequireRole("admin")));
        socketIo.AddJwtHandshakeAuthentication(o => o.RequireToken = false);
    }

    public static void Configure(SocketIoServer io, DisconnectReasons reasons)
    {
        io.Of("/secure").RequireAuthorization().OnConnection(socket => OnConnected(socket, reasons));
        io.Of("/secure-admin").RequireAuthorization("admins").OnConnection(socket => OnConnected(socket, reasons));
    }

    private static void OnConnected(Socket socket, DisconnectReasons reasons)
    {
        ProbeEvents.Register(socket, reasons);
        TestEvents.Register(socket);

        // "claims" -> ack { sub, admin }: the socket's user, from the token's claims
        socket.On("claims", () => new
        {
            sub = socket.User.FindFirst(ClaimTypes.NameIdentifier)?.Value,
            admin = socket.User.IsInRole("admin"),
        });
    }
}
