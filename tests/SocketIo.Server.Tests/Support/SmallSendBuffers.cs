using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace SocketIo.Server.Tests.Support;

/// <summary>
/// Gives the test server's sockets a small, fixed kernel send buffer (accepted sockets inherit it from the listening
/// socket). On loopback the kernel would otherwise grow it to megabytes, so a client that stops reading would take
/// seconds to push back on the server.
/// </summary>
internal static class SmallSendBuffers
{
    public static void Configure(IServiceCollection services, int bytes = 16 * 1024) =>
        services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = endpoint =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            socket.SendBufferSize = bytes;
            return socket;
        });
}
