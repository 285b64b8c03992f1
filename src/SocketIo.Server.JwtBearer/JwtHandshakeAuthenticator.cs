using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SocketIo.Server.JwtBearer.Diagnostics;

namespace SocketIo.Server.JwtBearer;

/// <summary>
/// Validates the JWT of the CONNECT <c>auth</c> payload as the host's JwtBearer handler validates an
/// <c>Authorization: Bearer</c> header: same options, same token handlers, same OIDC configuration. The JwtBearer
/// events (<see cref="JwtBearerOptions.Events"/>) are not raised: they need an HTTP request.
/// </summary>
internal sealed class JwtHandshakeAuthenticator(
    IOptionsMonitor<JwtBearerOptions> bearerOptions,
    IOptions<JwtHandshakeAuthenticationOptions> options,
    TimeProvider time,
    ILogger<JwtHandshakeAuthenticator> logger) : IHandshakeAuthenticator
{
    private readonly JwtHandshakeAuthenticationOptions _options = options.Value;

    public async ValueTask<HandshakeAuthenticationResult> AuthenticateAsync(NamespaceConnectContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var nsp = context.Namespace.Name;
        switch (HandshakeToken.Read(context.Handshake.Auth, _options.TokenField, out var token))
        {
            case HandshakeTokenPresence.Absent when !_options.RequireToken:
                return HandshakeAuthenticationResult.NoResult;
            case HandshakeTokenPresence.Absent:
                JwtHandshakeLog.TokenRefused(logger, nsp, "no token");
                return HandshakeAuthenticationResult.Fail();
            case HandshakeTokenPresence.Malformed:
                JwtHandshakeLog.TokenRefused(logger, nsp, "the token field is not a string");
                return HandshakeAuthenticationResult.Fail();
        }

        var bearer = bearerOptions.Get(_options.Scheme);
        TokenValidationParameters parameters;
        try
        {
            parameters = await BearerValidationParameters.CreateAsync(bearer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            JwtHandshakeLog.ConfigurationFailed(logger, _options.Scheme, ex);
            return HandshakeAuthenticationResult.Fail();
        }

        var validated = await ValidateAsync(bearer, token!, parameters).ConfigureAwait(false);
        if (validated.Exception is { } failure)
        {
            if (bearer.RefreshOnIssuerKeyNotFound && failure is SecurityTokenSignatureKeyNotFoundException)
            {
                // A key we do not know may be a rotated one: let the next CONNECT see fresh metadata.
                bearer.ConfigurationManager?.RequestRefresh();
            }

            JwtHandshakeLog.TokenRefused(logger, nsp, failure.GetType().Name);
            return HandshakeAuthenticationResult.Fail();
        }

        return HandshakeAuthenticationResult.Success(validated.Principal!, ExpiresAt(validated.Token!, parameters));
    }

    private DateTimeOffset? ExpiresAt(SecurityToken token, TokenValidationParameters parameters)
    {
        if (!_options.DisconnectOnTokenExpiry || !parameters.ValidateLifetime || token.ValidTo == DateTime.MinValue)
        {
            return null;
        }

        // The token stays acceptable until exp + skew; cutting earlier would let the client straight back in. The
        // validator judged the lifetime by the wall clock, so the time left is measured there and counted on the
        // server's clock, which runs the disconnection timer.
        var validUntil = new DateTimeOffset(DateTime.SpecifyKind(token.ValidTo, DateTimeKind.Utc)) + parameters.ClockSkew;
        return time.GetUtcNow() + (validUntil - DateTimeOffset.UtcNow);
    }

    private static async ValueTask<Validation> ValidateAsync(JwtBearerOptions bearer, string token, TokenValidationParameters parameters)
    {
        var failures = new List<Exception>(1);
        if (bearer.UseSecurityTokenValidators)
        {
#pragma warning disable CS0618 // The host chose the legacy validators; the JwtBearer handler would use them too.
            foreach (var validator in bearer.SecurityTokenValidators)
#pragma warning restore CS0618
            {
                if (!validator.CanReadToken(token))
                {
                    continue;
                }

                try
                {
                    var principal = validator.ValidateToken(token, parameters, out var securityToken);
                    return new Validation(principal, securityToken, null);
                }
                catch (Exception ex)
                {
                    failures.Add(ex);
                }
            }
        }
        else
        {
            foreach (var handler in bearer.TokenHandlers)
            {
                var result = await handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
                if (result.IsValid)
                {
                    return new Validation(new ClaimsPrincipal(result.ClaimsIdentity), result.SecurityToken, null);
                }

                failures.Add(result.Exception ?? new SecurityTokenValidationException());
            }
        }

        return new Validation(null, null, failures.Count switch
        {
            0 => new SecurityTokenMalformedException(),
            1 => failures[0],
            _ => new AggregateException(failures),
        });
    }

    private readonly record struct Validation(ClaimsPrincipal? Principal, SecurityToken? Token, Exception? Exception);
}
