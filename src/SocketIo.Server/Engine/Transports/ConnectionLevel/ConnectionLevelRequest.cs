using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>
/// A WebSocket handshake served on its connection: a lightweight <see cref="HttpContext"/> over the parsed head, run
/// through the same <see cref="EngineServer.HandleRequestAsync"/> as the endpoint, so verification, refusals and
/// sessions are one mechanism. A refusal is buffered and written as a plain HTTP/1.1 response that closes the
/// connection. Once the 101 is out, the context keeps only the request's lifetime and services: the session has
/// copied what it keeps of the request before accepting, and the transport aborts through the request's lifetime
/// feature, not the context. Serving returns the WebSocket's life instead of awaiting it, so an idle connection
/// holds neither the context nor this request.
/// </summary>
#pragma warning disable CA1001 // ServeAsync is the object's whole life; its finally releases what it owns.
internal sealed class ConnectionLevelRequest
#pragma warning restore CA1001
{
    private readonly ConnectionContext _connection;
    private readonly EngineServer _server;
    private readonly DefaultHttpContext _context;
    private readonly ConnectionRequestLifetimeFeature _lifetime;
    private readonly ConnectionServiceProvidersFeature _services;
    private readonly ConnectionWebSocketFeature _webSocket;
    private BufferedResponse? _response = new();

    public ConnectionLevelRequest(ConnectionContext connection, UpgradeRequestHead head, Endpoint endpoint, EngineServer server, IServiceScopeFactory scopes)
    {
        _connection = connection;
        _server = server;
        _lifetime = new ConnectionRequestLifetimeFeature(connection);
        _services = new ConnectionServiceProvidersFeature(scopes);
        _webSocket = new ConnectionWebSocketFeature(connection, head.Headers.SecWebSocketKey.ToString(), _response.Head, ReleaseRequest);

        var features = new FeatureCollection(connection.Features);
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Protocol = HttpProtocol.Http11,
            Scheme = Uri.UriSchemeHttp,
            Method = HttpMethods.Get,
            Path = head.Path,
            QueryString = head.QueryString,
            RawTarget = head.RawTarget,
            Headers = head.Headers,
        });
        features.Set<IHttpResponseFeature>(_response.Head);
        features.Set<IHttpResponseBodyFeature>(_response.Body);
        features.Set<IHttpConnectionFeature>(ConnectionOf(connection));
        features.Set<IHttpRequestLifetimeFeature>(_lifetime);
        features.Set<IServiceProvidersFeature>(_services);
        features.Set<IHttpWebSocketFeature>(_webSocket);
        _context = new DefaultHttpContext(features);
        _context.SetEndpoint(endpoint);
    }

    /// <summary>
    /// Answers the handshake. Returns what carries the connection from then on: the accepted WebSocket's life, which
    /// the caller awaits, or a completed task when the request was answered.
    /// </summary>
    public async Task<Task> ServeAsync()
    {
        Task? webSocket = null;
        try
        {
            webSocket = await _server.StartRequestAsync(_context).ConfigureAwait(false);
            if (!_webSocket.IsAccepted)
            {
                await RespondAsync().ConfigureAwait(false);
            }
        }
        catch when (!_webSocket.IsAccepted && !_connection.ConnectionClosed.IsCancellationRequested)
        {
            // As the pipeline would: a 500 for the client, the exception for Kestrel's log.
            _response?.Clear(StatusCodes.Status500InternalServerError);
            await RespondAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (webSocket is null)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
        }

        if (webSocket is null)
        {
            return Task.CompletedTask;
        }

        // Request services live as long as the request, here the connection; most handshakes never make them.
        return _services.HasScope ? ReleaseAfterAsync(webSocket) : webSocket;
    }

    private async Task ReleaseAfterAsync(Task webSocket)
    {
        try
        {
            await webSocket.ConfigureAwait(false);
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask ReleaseAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        if (_response is not null)
        {
            await _response.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void ReleaseRequest()
    {
        var lifetime = new FeatureCollection(2);
        lifetime.Set<IHttpRequestLifetimeFeature>(_lifetime);
        lifetime.Set<IServiceProvidersFeature>(_services);
        _context.Uninitialize();
        _context.Initialize(lifetime);
        _response = null;
    }

    private async Task RespondAsync()
    {
        if (_response is null)
        {
            return;
        }

        var body = await _response.CompleteAsync().ConfigureAwait(false);
        var output = _connection.Transport.Output;
        await RawHttpResponse.WriteAsync(output, _response.Head.StatusCode, _response.Head.Headers, body, _connection.ConnectionClosed).ConfigureAwait(false);
        await output.CompleteAsync().ConfigureAwait(false);
    }

    private static ConnectionLevelConnectionFeature ConnectionOf(ConnectionContext connection)
    {
        // The connection id is made when first read: nothing reads it on the way to a WebSocket, and every idle
        // connection would keep it.
        var feature = new ConnectionLevelConnectionFeature(connection);
        if (connection.RemoteEndPoint is IPEndPoint remote)
        {
            feature.RemoteIpAddress = remote.Address;
            feature.RemotePort = remote.Port;
        }

        if (connection.LocalEndPoint is IPEndPoint local)
        {
            feature.LocalIpAddress = local.Address;
            feature.LocalPort = local.Port;
        }

        return feature;
    }
}
