using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>The request lives as long as its connection; aborting it aborts the connection.</summary>
internal sealed class ConnectionRequestLifetimeFeature(ConnectionContext connection) : IHttpRequestLifetimeFeature
{
    public CancellationToken RequestAborted { get; set; } = connection.ConnectionClosed;

    public void Abort() => connection.Abort(new ConnectionAbortedException("The request was aborted by the application."));
}
