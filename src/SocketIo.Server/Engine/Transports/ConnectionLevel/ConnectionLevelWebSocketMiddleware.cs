using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>
/// Kestrel connection middleware that serves Engine.IO WebSocket handshakes on the connection itself, so an upgraded
/// connection never carries the HTTP/1.1 request objects. It looks at the connection's first request head and takes
/// the connection only when it is exactly a WebSocket handshake for a mapped Engine.IO path; everything else goes on
/// to the HTTP pipeline, which reads the same bytes as if nothing had looked at them.
/// </summary>
internal sealed class ConnectionLevelWebSocketMiddleware
{
    private readonly ConnectionDelegate _next;
    private readonly ListenOptions _listen;
    private readonly KestrelServerLimits _limits;
    private readonly ConnectionLevelEngineRoutes _routes;
    private readonly IServiceScopeFactory _scopes;

    // The application's stopping token: a connection still waiting for its first request then closes.
    private readonly CancellationToken _stopping;

    public ConnectionLevelWebSocketMiddleware(ConnectionDelegate next, ListenOptions listen, KestrelServerLimits limits, ConnectionLevelEngineRoutes routes, IServiceScopeFactory scopes, CancellationToken stopping)
    {
        _next = next;
        _listen = listen;
        _limits = limits;
        _routes = routes;
        _scopes = scopes;
        _stopping = stopping;
    }

    public Task OnConnectionAsync(ConnectionContext connection)
    {
        // An endpoint without HTTP/1.1 must not accept an HTTP/1.1 handshake; a cap on upgraded connections is
        // Kestrel's to count, so it keeps those too.
        if ((_listen.Protocols & HttpProtocols.Http1) == 0 || _limits.MaxConcurrentUpgradedConnections is not null)
        {
            return _next(connection);
        }

        // Routing ends once the handshake is answered; what then carries the connection (a WebSocket's read loop)
        // is awaited by this proxy alone, so an idle connection keeps no routing or handshake frame suspended.
        return RouteAsync(connection).Unwrap();
    }

    /// <summary>Routes the connection; returns what serves it from then on.</summary>
    private async Task<Task> RouteAsync(ConnectionContext connection)
    {
        ConnectionLevelRequest? request;
        try
        {
            request = await TryTakeAsync(connection).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The head did not arrive in time (Kestrel's keep-alive, then request-headers timeout), the server is
            // stopping, or the connection was aborted meanwhile.
            connection.Abort(new ConnectionAbortedException("The request head did not arrive in time."));
            return Task.CompletedTask;
        }
        catch (IOException)
        {
            // The client reset the connection before its first request: nothing to answer, nothing to log.
            return Task.CompletedTask;
        }

        if (request is null)
        {
            return _next(connection);
        }

        return await request.ServeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the first request head. Returns the request when this layer serves it, with the head consumed; null
    /// when the HTTP pipeline does, with the connection's reader replaced by one that replays what was read.
    /// </summary>
    private async Task<ConnectionLevelRequest?> TryTakeAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var timeout = new CancellationTokenSource(Bounded(_limits.KeepAliveTimeout));

        // As Kestrel closes a connection waiting for its next request when the server stops, rather than letting
        // it hold the shutdown until it times out. The application's stopping token, not the connection's
        // ConnectionClosedRequested: a registration on the connection's own token source leaves its registration
        // table behind for the connection's whole life, while the application's reuses one table for all.
        using var stopping = _stopping.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout);
        var started = false;
        while (true)
        {
            var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!started && !buffer.IsEmpty)
            {
                started = true;
                timeout.CancelAfter(Bounded(_limits.RequestHeadersTimeout));
            }

            var status = UpgradeRequestReader.TryRead(buffer, _limits, out var head, out var end);
            if (status == HeadReadStatus.NeedMore && !result.IsCompleted && !result.IsCanceled)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            if (status == HeadReadStatus.Complete && head!.IsEngineWebSocketHandshake() && _routes.TryFind(head.Path, out var endpoint, out var server))
            {
                input.AdvanceTo(end);
                return new ConnectionLevelRequest(connection, head, endpoint, server, _scopes);
            }

            connection.Transport = new TransportPipe(new ReplayingPipeReader(input, result), connection.Transport.Output);
            return null;
        }
    }

    /// <summary>Kestrel keeps "no timeout" as <see cref="TimeSpan.MaxValue"/>, which a timer cannot take.</summary>
    private static TimeSpan Bounded(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero || timeout.TotalMilliseconds >= int.MaxValue ? Timeout.InfiniteTimeSpan : timeout;
}
