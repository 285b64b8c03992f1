using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace SocketIo.Server.Engine;

/// <summary>Copies what a session keeps of its opening request: the HttpContext itself is recycled after the request.</summary>
internal static class EngineHandshakeSnapshot
{
    public static EngineHandshake From(HttpContext context, DateTimeOffset now, RecentTexts shared)
    {
        var request = context.Request;
        var headers = RequestFieldSnapshot.Copy(request.Headers, request.Headers.Count, StringComparer.OrdinalIgnoreCase, shared);
        var query = RequestFieldSnapshot.Copy(request.Query, request.Query.Count, StringComparer.Ordinal);

        return new EngineHandshake(
            headers,
            query,
            context.Connection.RemoteIpAddress,
            request.IsHttps,
            Url(request, shared),
            now,
            // Not context.User: on a request no authentication touched, that getter creates an empty principal
            // (and its identity and lists) that every idle connection would then keep.
            context.Features.Get<IHttpAuthenticationFeature>()?.User);
    }

    /// <summary>
    /// The request's URL, shared with earlier requests for the same one when its query holds nothing but the
    /// protocol's own parameters (a token in a query stays out of the shared table).
    /// </summary>
    private static string Url(HttpRequest request, RecentTexts shared)
    {
        var url = string.Concat(request.PathBase.ToUriComponent(), request.Path.ToUriComponent(), request.QueryString.ToUriComponent());
        foreach (var key in request.Query.Keys)
        {
            if (key is not ("EIO" or "transport" or "sid" or "t" or "j" or "b64"))
            {
                return url;
            }
        }

        return shared.Share(url);
    }
}
