using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>
/// The request lives as long as its connection; aborting it aborts the connection. A WebSocket's read loop can also be
/// stopped without cutting the connection: the read over the connection's input is cancelled.
/// </summary>
internal sealed class ConnectionRequestLifetimeFeature(ConnectionContext connection) : IHttpRequestLifetimeFeature, IReadStoppingRequest
{
    public CancellationToken RequestAborted { get; set; } = connection.ConnectionClosed;

    public void StopReading() => connection.Transport.Input.CancelPendingRead();

    public void Abort() => connection.Abort(new ConnectionAbortedException("The request was aborted by the application."));
}
