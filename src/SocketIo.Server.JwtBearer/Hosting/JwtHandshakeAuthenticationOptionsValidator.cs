using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SocketIo.Server.JwtBearer.Hosting;

/// <summary>
/// Rejects handshake JWT options the authenticator cannot work with, at start-up; among them a scheme the host never
/// registered, which would refuse every token.
/// </summary>
internal sealed class JwtHandshakeAuthenticationOptionsValidator(IOptions<AuthenticationOptions> authentication)
    : IValidateOptions<JwtHandshakeAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtHandshakeAuthenticationOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.TokenField))
        {
            failures.Add($"{nameof(options.TokenField)} must not be empty.");
        }

        if (string.IsNullOrEmpty(options.Scheme))
        {
            failures.Add($"{nameof(options.Scheme)} must not be empty.");
        }
        else if (!authentication.Value.SchemeMap.ContainsKey(options.Scheme))
        {
            failures.Add($"No authentication scheme \"{options.Scheme}\" is registered: call builder.Services.AddAuthentication().AddJwtBearer(...).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
