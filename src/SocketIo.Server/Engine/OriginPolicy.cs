using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SocketIo.Server.Engine;

/// <summary>
/// Which pages may open or use a session, against cross-site WebSocket hijacking: CORS keeps a foreign page from
/// reading polling responses, but nothing keeps it from opening a WebSocket with the user's cookies. A request
/// passes when it has no <c>Origin</c> (and that is allowed), when its origin is the request's own host, is listed,
/// or is allowed by the endpoint's ASP.NET Core CORS policy (the default policy when the endpoint names none).
/// </summary>
internal sealed class OriginPolicy
{
    private readonly HashSet<string> _allowed;
    private readonly bool _allowAny;
    private readonly bool _allowMissing;

    public OriginPolicy(EngineOptions options)
    {
        _allowAny = options.AllowAnyOrigin;
        _allowMissing = options.AllowRequestsWithoutOrigin;
        _allowed = new HashSet<string>(options.AllowedOrigins ?? [], StringComparer.OrdinalIgnoreCase);
    }

    public ValueTask<bool> IsAllowedAsync(HttpContext context)
    {
        if (_allowAny)
        {
            return ValueTask.FromResult(true);
        }

        var header = context.Request.Headers.Origin;
        if (header.Count == 0)
        {
            return ValueTask.FromResult(_allowMissing);
        }

        // Several Origin headers are not something a browser sends.
        if (header.Count > 1)
        {
            return ValueTask.FromResult(false);
        }

        var origin = header.ToString();
        if (_allowed.Contains(origin) || OriginText.IsSameHost(origin, context.Request.Host))
        {
            return ValueTask.FromResult(true);
        }

        return IsAllowedByCorsAsync(context, origin);
    }

    private static async ValueTask<bool> IsAllowedByCorsAsync(HttpContext context, string origin)
    {
        var metadata = context.GetEndpoint()?.Metadata.GetMetadata<ICorsMetadata>();
        if (metadata is IDisableCorsAttribute || origin == "null")
        {
            return false;
        }

        var services = context.RequestServices;
        if (services.GetService<ICorsService>() is not { } cors)
        {
            return false;
        }

        var policy = metadata is ICorsPolicyMetadata withPolicy
            ? withPolicy.Policy
            : services.GetService<ICorsPolicyProvider>() is { } provider
                ? await provider.GetPolicyAsync(context, (metadata as IEnableCorsAttribute)?.PolicyName).ConfigureAwait(false)
                : null;
        return policy is not null && cors.EvaluatePolicy(context, policy).IsOriginAllowed;
    }
}
