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
/// connection.
/// </summary>
#pragma warning disable CA1001 // ServeAsync is the object's whole life; its finally releases what it owns.
internal sealed class ConnectionLevelRequest
#pragma warning restore CA1001
{
    private readonly ConnectionContext _connection;
    private readonly EngineServer _server;
    private readonly HttpContext _context;
    private readonly HttpResponseFeature _response = new();
    private readonly MemoryStream _body = new();
    private readonly StreamResponseBodyFeature _bodyFeature;
    private readonly ConnectionServiceProvidersFeature _services;
    private readonly ConnectionWebSocketFeature _webSocket;

    public ConnectionLevelRequest(ConnectionContext connection, UpgradeRequestHead head, Endpoint endpoint, EngineServer server, IServiceScopeFactory scopes)
    {
        _connection = connection;
        _server = server;
        _bodyFeature = new StreamResponseBodyFeature(_body);
        _services = new ConnectionServiceProvidersFeature(scopes);
        var request = new HttpRequestFeature
        {
            Protocol = HttpProtocol.Http11,
            Scheme = Uri.UriSchemeHttp,
            Method = HttpMethods.Get,
            Path = head.Path,
            QueryString = head.QueryString,
            RawTarget = head.RawTarget,
            Headers = head.Headers,
        };

        // The session copies what it keeps of the request; once the 101 is out the head is let go, so an idle
        // connection does not hold it.
        _webSocket = new ConnectionWebSocketFeature(connection, head.Headers.SecWebSocketKey.ToString(), _response, () => request.Headers = new HeaderDictionary());

        var features = new FeatureCollection(connection.Features);
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(_response);
        features.Set<IHttpResponseBodyFeature>(_bodyFeature);
        features.Set<IHttpConnectionFeature>(ConnectionOf(connection));
        features.Set<IHttpRequestLifetimeFeature>(new ConnectionRequestLifetimeFeature(connection));
        features.Set<IServiceProvidersFeature>(_services);
        features.Set<IHttpWebSocketFeature>(_webSocket);
        _context = new DefaultHttpContext(features);
        _context.SetEndpoint(endpoint);
    }

    public async Task ServeAsync()
    {
        try
        {
            await _server.HandleRequestAsync(_context).ConfigureAwait(false);
            if (!_webSocket.IsAccepted)
            {
                await RespondAsync().ConfigureAwait(false);
            }
        }
        catch when (!_webSocket.IsAccepted && !_connection.ConnectionClosed.IsCancellationRequested)
        {
            // As the pipeline would: a 500 for the client, the exception for Kestrel's log.
            _response.StatusCode = StatusCodes.Status500InternalServerError;
            _response.Headers.Clear();
            _body.SetLength(0);
            await RespondAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            await _services.DisposeAsync().ConfigureAwait(false);
            await _body.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RespondAsync()
    {
        await _bodyFeature.CompleteAsync().ConfigureAwait(false);
        var output = _connection.Transport.Output;
        await RawHttpResponse.WriteAsync(output, _response.StatusCode, _response.Headers, _body.GetBuffer().AsMemory(0, (int)_body.Length), _connection.ConnectionClosed).ConfigureAwait(false);
        await output.CompleteAsync().ConfigureAwait(false);
    }

    private static HttpConnectionFeature ConnectionOf(ConnectionContext connection)
    {
        var feature = new HttpConnectionFeature { ConnectionId = connection.ConnectionId };
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
