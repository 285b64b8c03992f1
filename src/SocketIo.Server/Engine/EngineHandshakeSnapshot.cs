using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace SocketIo.Server.Engine;

/// <summary>Copies what a session keeps of its opening request: the HttpContext itself is recycled after the request.</summary>
internal static class EngineHandshakeSnapshot
{
    public static EngineHandshake From(HttpContext context, DateTimeOffset now)
    {
        var request = context.Request;
        var headers = new Dictionary<string, StringValues>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value;
        }

        var query = new Dictionary<string, StringValues>(request.Query.Count, StringComparer.Ordinal);
        foreach (var parameter in request.Query)
        {
            query[parameter.Key] = parameter.Value;
        }

        return new EngineHandshake(
            headers,
            query,
            context.Connection.RemoteIpAddress,
            request.IsHttps,
            string.Concat(request.PathBase.ToUriComponent(), request.Path.ToUriComponent(), request.QueryString.ToUriComponent()),
            now,
            context.User);
    }
}
