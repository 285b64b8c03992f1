using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chat;

/// <summary>
/// Issues and validates the sample's login tokens: HS256, <c>sub</c> and <c>name</c> = the user's name, 12 h.
/// Nothing checks a password: this is a demo of handshake authentication, not of identity.
/// </summary>
internal sealed class DevTokens
{
    /// <summary>The environment variable (or configuration key) that overrides the built-in signing key.</summary>
    public const string KeyVariable = "CHAT_JWT_KEY";

    private const string Issuer = "socketiosharp-chat";
    private const string Audience = "socketiosharp-chat";
    private const int MinKeyBytes = 32;

    // Fixed rather than random per process so tokens survive a restart and every node of a local cluster accepts the
    // others' tokens. Public in the source, so only for development: deployments set CHAT_JWT_KEY.
    private const string DevelopmentKey = "socketiosharp-chat-development-signing-key (not a secret)";

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TimeProvider _time;

    private DevTokens(byte[] key, TimeProvider time)
    {
        _key = new SymmetricSecurityKey(key);
        _time = time;
    }

    /// <summary>Uses <see cref="KeyVariable"/> when set (it must be at least 32 bytes), else the development key.</summary>
    public static DevTokens FromConfiguration(IConfiguration configuration, TimeProvider time)
    {
        var configured = configuration[KeyVariable];
        if (string.IsNullOrEmpty(configured))
        {
            return new DevTokens(Encoding.UTF8.GetBytes(DevelopmentKey), time);
        }

        var key = Encoding.UTF8.GetBytes(configured);
        return key.Length >= MinKeyBytes
            ? new DevTokens(key, time)
            : throw new InvalidOperationException($"{KeyVariable} must be at least {MinKeyBytes} bytes (UTF-8); it has {key.Length}.");
    }

    /// <summary>What the JwtBearer handler (and so the Socket.IO handshake) accepts: only tokens issued here.</summary>
    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = _key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = JwtRegisteredClaimNames.Name,
    };

    /// <summary>A signed token for <paramref name="name"/>.</summary>
    public string Issue(string name)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, name),
                new Claim(JwtRegisteredClaimNames.Name, name),
            ]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }
}
