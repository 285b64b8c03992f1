using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SocketIo.Server;

#pragma warning disable IDE0130 // Extension methods live in the namespace hosts already import.
namespace Microsoft.AspNetCore.Builder;
#pragma warning restore IDE0130

/// <summary>Maps the Socket.IO endpoint.</summary>
public static class SocketIoEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves Socket.IO at <paramref name="path"/> (socket.io's default <c>/socket.io</c>). The returned builder takes
    /// endpoint conventions such as <c>RequireCors</c> and <c>RequireAuthorization</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="path">The path clients connect to; socket.io-client's <c>path</c> option.</param>
    /// <example>
    /// <code>
    /// app.MapSocketIo().RequireCors("clients");
    /// </code>
    /// </example>
    public static IEndpointConventionBuilder MapSocketIo(this IEndpointRouteBuilder endpoints, string path = "/socket.io")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var server = endpoints.ServiceProvider.GetService<SocketIoServer>()
            ?? throw new InvalidOperationException("Unable to find the Socket.IO services. Add them with 'builder.Services.AddSocketIo()' before mapping the endpoint.");
        return endpoints.MapEngineIo(path, server.ConnectionHandler).WithDisplayName("Socket.IO " + path);
    }
}
