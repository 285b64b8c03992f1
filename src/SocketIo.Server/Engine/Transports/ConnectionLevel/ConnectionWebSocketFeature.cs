using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>
/// Accepts the handshake on the connection itself: writes the 101 answer to the transport and runs the WebSocket
/// over the transport's pipes (<see cref="PipeWebSocket"/>).
/// </summary>
internal sealed class ConnectionWebSocketFeature : IHttpWebSocketFeature
{
    private const string KeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly ConnectionContext _connection;
    private string? _key;
    private IHttpResponseFeature? _response;
    private Action? _onAccepted;

    /// <param name="connection">The connection the handshake came on.</param>
    /// <param name="key">The request's Sec-WebSocket-Key.</param>
    /// <param name="response">Headers set before accepting go out with the 101.</param>
    /// <param name="onAccepted">Runs once the 101 is out: the request may then be let go (this feature lets go of its parts too).</param>
    public ConnectionWebSocketFeature(ConnectionContext connection, string key, IHttpResponseFeature response, Action onAccepted)
    {
        _connection = connection;
        _key = key;
        _response = response;
        _onAccepted = onAccepted;
    }

    public bool IsWebSocketRequest => true;

    public bool IsAccepted { get; private set; }

    public async Task<WebSocket> AcceptAsync(WebSocketAcceptContext context)
    {
        if (IsAccepted)
        {
            throw new InvalidOperationException("The WebSocket was already accepted.");
        }

        IsAccepted = true;
        var output = _connection.Transport.Output;
        Encoding.Latin1.GetBytes(SwitchingProtocols(context.SubProtocol), output);
        await output.FlushAsync(_connection.ConnectionClosed).ConfigureAwait(false);
        var onAccepted = _onAccepted;
        (_key, _response, _onAccepted) = (null, null, null);
        onAccepted?.Invoke();
        // Engine.IO keeps the connection alive with its own ping: no WebSocket-level keep-alive is asked for.
        return new PipeWebSocket(_connection.Transport, context.SubProtocol);
    }

    private string SwitchingProtocols(string? subProtocol)
    {
#pragma warning disable CA5350 // RFC 6455 defines the accept value as SHA-1; it is a handshake checksum, not security.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(_key! + KeyGuid)));
#pragma warning restore CA5350
        var text = new StringBuilder(256)
            .Append("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: ")
            .Append(accept).Append("\r\n");
        if (subProtocol is not null)
        {
            text.Append(HeaderNames.SecWebSocketProtocol).Append(": ").Append(subProtocol).Append("\r\n");
        }

        RawHttpResponse.AppendHeaders(text, _response!.Headers, HeaderNames.Connection, HeaderNames.Upgrade, HeaderNames.SecWebSocketAccept, HeaderNames.SecWebSocketProtocol);
        return text.Append("\r\n").ToString();
    }
}
