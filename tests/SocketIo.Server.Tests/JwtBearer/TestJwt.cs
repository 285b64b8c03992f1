using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SocketIo.Server.Tests.JwtBearer;

/// <summary>Tokens for the handshake tests: HS256 with a test key, or deliberately broken ones.</summary>
internal static class TestJwt
{
    public const string Issuer = "https://issuer.test/";
    public const string Audience = "socket-tests";

    public static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("socket-io-sharp-tests-hs256-key-0123456789"));

    public static readonly SymmetricSecurityKey OtherKey = new(Encoding.UTF8.GetBytes("another-key-that-nobody-trusts-0123456789"));

    /// <summary>A signed token for <paramref name="subject"/>, valid for 10 minutes unless told otherwise.</summary>
    public static string Create(
        string subject,
        DateTime? expires = null,
        string audience = Audience,
        SecurityKey? key = null,
        IEnumerable<Claim>? claims = null)
    {
        var until = expires ?? DateTime.UtcNow.AddMinutes(10);
        var identity = new ClaimsIdentity([new Claim("sub", subject), .. claims ?? []]);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = identity,
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = until.AddHours(-1),
            NotBefore = until.AddHours(-1),
            Expires = until,
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) that would be valid if signatures were not required.</summary>
    public static string Unsigned(string subject)
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = Base64UrlEncoder.Encode($"{{\"sub\":\"{subject}\",\"iss\":\"{Issuer}\",\"aud\":\"{Audience}\",\"exp\":{exp}}}");
        return header + "." + payload + ".";
    }

    /// <summary>The host's JwtBearer configuration: the test key, issuer and audience, a 1-minute clock skew.</summary>
    public static AuthenticationBuilder AddTestJwtBearer(this IServiceCollection services, Action<JwtBearerOptions>? configure = null) =>
        services.AddAuthentication().AddJwtBearer(o =>
        {
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = Audience,
                IssuerSigningKey = Key,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
            configure?.Invoke(o);
        });

    /// <summary>The CONNECT payload carrying <paramref name="token"/>.</summary>
    public static string Auth(string token) => $"{{\"token\":\"{token}\"}}";
}
