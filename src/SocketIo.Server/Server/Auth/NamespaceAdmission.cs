using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIo.Server.Diagnostics;

namespace SocketIo.Server;

/// <summary>
/// Decides at each CONNECT who the client is (the handshake authenticators, else the HTTP user) and whether it may
/// join the namespace (its authorization policies). Services come from a scope made for the CONNECT, so scoped
/// authenticators and authorization handlers work as they do for an HTTP request.
/// </summary>
internal sealed class NamespaceAdmission(IServiceScopeFactory? scopes, ILogger logger)
{
    internal const string Unauthorized = "unauthorized";
    internal const string Forbidden = "forbidden";

    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    public async ValueTask<AdmissionOutcome> AdmitAsync(Namespace nsp, SocketHandshake handshake, string sessionId, CancellationToken cancellationToken)
    {
        var authorization = nsp.EffectiveAuthorization();
        var fallbackUser = handshake.User ?? Anonymous;
        if (scopes is null)
        {
            return authorization is null
                ? AdmissionOutcome.Admit(fallbackUser, null)
                : throw new InvalidOperationException($"Namespace {nsp.Name} requires authorization, but the server has no services to evaluate it.");
        }

        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var context = new NamespaceConnectContext(nsp, handshake);
            var authenticated = await AuthenticateAsync(scope.ServiceProvider, context, sessionId, cancellationToken).ConfigureAwait(false);
            if (authenticated is null)
            {
                return AdmissionOutcome.Refuse(Unauthorized);
            }

            var user = authenticated.Principal ?? fallbackUser;
            if (authorization is not null)
            {
                var refusal = await AuthorizeAsync(scope.ServiceProvider, context, user, authorization, sessionId).ConfigureAwait(false);
                if (refusal is not null)
                {
                    return AdmissionOutcome.Refuse(refusal);
                }
            }

            return AdmissionOutcome.Admit(user, authenticated.ExpiresAt);
        }
    }

    /// <summary>The deciding result (<see cref="HandshakeAuthenticationResult.NoResult"/> when none decided), or null when refused.</summary>
    private async ValueTask<HandshakeAuthenticationResult?> AuthenticateAsync(
        IServiceProvider services, NamespaceConnectContext context, string sessionId, CancellationToken cancellationToken)
    {
        foreach (var authenticator in services.GetServices<IHandshakeAuthenticator>())
        {
            HandshakeAuthenticationResult result;
            try
            {
                result = await authenticator.AuthenticateAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                // Only the type: an authenticator's exception may quote the credential it choked on.
                AuthLog.AuthenticatorThrew(logger, context.Namespace.Name, ex.GetType().FullName ?? ex.GetType().Name);
                result = HandshakeAuthenticationResult.Fail();
            }

            if (result.Failed)
            {
                AuthLog.AuthenticationFailed(logger, context.Namespace.Name, sessionId, context.Handshake.Address);
                return null;
            }

            if (result.Succeeded)
            {
                return result;
            }
        }

        return HandshakeAuthenticationResult.NoResult;
    }

    /// <summary>Null when authorized, else the refusal message.</summary>
    private async ValueTask<string?> AuthorizeAsync(
        IServiceProvider services, NamespaceConnectContext context, ClaimsPrincipal user, IAuthorizeData[] authorization, string sessionId)
    {
        var policyProvider = services.GetService<IAuthorizationPolicyProvider>();
        var authorizationService = services.GetService<IAuthorizationService>();
        if (policyProvider is null || authorizationService is null)
        {
            throw new InvalidOperationException(Namespace.MissingAuthorizationServices(context.Namespace.Name));
        }

        var policy = await AuthorizationPolicy.CombineAsync(policyProvider, authorization).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Namespace {context.Namespace.Name}: no authorization policy could be built.");
        var result = await authorizationService.AuthorizeAsync(user, context, policy).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return null;
        }

        // As ASP.NET Core: an unauthenticated user is challenged (401), an authenticated one forbidden (403).
        var refusal = user.Identities.Any(i => i.IsAuthenticated) ? Forbidden : Unauthorized;
        AuthLog.AuthorizationFailed(logger, context.Namespace.Name, sessionId, context.Handshake.Address, refusal);
        return refusal;
    }
}
