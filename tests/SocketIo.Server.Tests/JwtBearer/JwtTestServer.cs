using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server.Engine;
using SocketIo.Server.Hosting;
using SocketIo.Server.JwtBearer;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.JwtBearer;

/// <summary>A Socket.IO test server that authenticates handshakes with <c>AddJwtHandshakeAuthentication</c>.</summary>
internal static class JwtTestServer
{
    public static Task<SocketIoTestServer> StartAsync(
        Action<SocketIoServer>? configureIo = null,
        Action<JwtHandshakeAuthenticationOptions>? jwt = null,
        Action<JwtBearerOptions>? bearer = null,
        CapturedLogs? logs = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? configureServices = null,
        Action<EngineOptions>? configureEngine = null) =>
        SocketIoTestServer.StartAsync(
            configureIo,
            configureEngine: configureEngine,
            time: time,
            configureServices: services =>
            {
                logs?.AddTo(services);
                services.AddTestJwtBearer(bearer);
                services.AddAuthorization(o => o.AddPolicy("admins", p => p.RequireRole("admin")));
                new SocketIoBuilder(services).AddJwtHandshakeAuthentication(jwt);
                configureServices?.Invoke(services);
            });
}
