using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocketIo.Server;
using SocketIo.Server.Hosting;
using SocketIo.Server.JwtBearer;
using SocketIo.Server.JwtBearer.Hosting;

#pragma warning disable IDE0130 // Extension methods live in the namespace hosts already import, as AddSocketIo's.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers JWT authentication of the Socket.IO handshake.</summary>
public static class JwtSocketIoBuilderExtensions
{
    /// <summary>
    /// Authenticates every namespace CONNECT with the JWT in its <c>auth</c> payload (<c>auth.token</c> by default),
    /// validated with the host's own JwtBearer options for <see cref="JwtHandshakeAuthenticationOptions.Scheme"/>:
    /// whatever <c>AddAuthentication().AddJwtBearer(...)</c> configured for HTTP applies to sockets too. A valid
    /// token makes its principal <see cref="Socket.User"/>; a missing (unless
    /// <see cref="JwtHandshakeAuthenticationOptions.RequireToken"/> is false), invalid, expired or unsigned one gets
    /// <c>connect_error</c> with the message <c>unauthorized</c> and nothing else.
    /// </summary>
    /// <param name="builder">The builder from <c>AddSocketIo</c>.</param>
    /// <param name="configure">Sets the options (token field, scheme, whether a token is required); checked at start-up.</param>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthentication().AddJwtBearer(o =>
    /// {
    ///     o.Authority = "https://login.example.com/";
    ///     o.Audience = "chat-api";
    /// });
    /// builder.Services.AddAuthorization();
    /// builder.Services.AddSocketIo().AddJwtHandshakeAuthentication();
    /// // client: io(url, { auth: { token: accessToken } })
    /// </code>
    /// </example>
    public static ISocketIoBuilder AddJwtHandshakeAuthentication(this ISocketIoBuilder builder, Action<JwtHandshakeAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<JwtHandshakeAuthenticationOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtHandshakeAuthenticationOptions>, JwtHandshakeAuthenticationOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHandshakeAuthenticator, JwtHandshakeAuthenticator>());
        return builder;
    }
}
