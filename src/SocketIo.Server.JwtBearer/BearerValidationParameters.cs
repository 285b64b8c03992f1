using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace SocketIo.Server.JwtBearer;

/// <summary>
/// The validation parameters the host's JwtBearer handler would use for a request, made the same way: its
/// <see cref="JwtBearerOptions.TokenValidationParameters"/>, plus what its configuration manager (OIDC metadata)
/// knows.
/// </summary>
internal static class BearerValidationParameters
{
    public static async ValueTask<TokenValidationParameters> CreateAsync(JwtBearerOptions bearer, CancellationToken cancellationToken)
    {
        // A clone per validation: configuration refreshes must not race with another CONNECT's validation.
        var parameters = bearer.TokenValidationParameters.Clone();
        if (bearer.ConfigurationManager is BaseConfigurationManager manager)
        {
            // The token handler reads the configuration itself (and keeps the last known good one).
            parameters.ConfigurationManager = manager;
        }
        else if (bearer.ConfigurationManager is { } other)
        {
            var configuration = await other.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            string[] issuers = [configuration.Issuer];
            parameters.ValidIssuers = parameters.ValidIssuers is null ? issuers : [.. parameters.ValidIssuers, .. issuers];
            parameters.IssuerSigningKeys = parameters.IssuerSigningKeys is null
                ? configuration.SigningKeys
                : [.. parameters.IssuerSigningKeys, .. configuration.SigningKeys];
        }

        return parameters;
    }
}
