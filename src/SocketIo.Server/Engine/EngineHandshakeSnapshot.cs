using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace SocketIo.Server.Engine;

/// <summary>Copies what a session keeps of its opening request: the HttpContext itself is recycled after the request.</summary>
internal static class EngineHandshakeSnapshot
{
    public static EngineHandshake From(HttpContext context, DateTimeOffset now)
    {
        var request = context.Request;
        var headers = RequestFieldSnapshot.Copy(request.Headers, request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        var query = RequestFieldSnapshot.Copy(request.Query, request.Query.Count, StringComparer.Ordinal);

        return new EngineHandshake(
            headers,
            query,
            context.Connection.RemoteIpAddress,
            request.IsHttps,
            string.Concat(request.PathBase.ToUriComponent(), request.Path.ToUriComponent(), request.QueryString.ToUriComponent()),
            now,
            // Not context.User: on a request no authentication touched, that getter creates an empty principal
            // (and its identity and lists) that every idle connection would then keep.
            context.Features.Get<IHttpAuthenticationFeature>()?.User);
    }
}
