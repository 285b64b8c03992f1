namespace SocketIo.Server;

/// <summary>
/// Authenticates a client each time it joins a namespace (its CONNECT packet), from the <c>auth</c> payload or the
/// request that opened the connection. Register implementations in dependency injection; they are resolved from a
/// scope made for each CONNECT, run in registration order, and the first that does not answer
/// <see cref="HandshakeAuthenticationResult.NoResult"/> decides. They run before the namespace's authorization
/// (<see cref="Namespace.RequireAuthorization"/>) and middlewares, for dynamic children too, and again when a client
/// recovers its session (connection state recovery never skips them).
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddSingleton&lt;IHandshakeAuthenticator, ApiKeyAuthenticator&gt;();
///
/// sealed class ApiKeyAuthenticator(IApiKeyStore keys) : IHandshakeAuthenticator
/// {
///     public async ValueTask&lt;HandshakeAuthenticationResult&gt; AuthenticateAsync(NamespaceConnectContext context, CancellationToken cancellationToken)
///     {
///         if (!context.Handshake.Auth.TryGetProperty("apiKey", out var key) || key.ValueKind != JsonValueKind.String)
///         {
///             return HandshakeAuthenticationResult.NoResult;    // not ours: the next authenticator, or the HTTP user
///         }
///
///         var owner = await keys.FindOwnerAsync(key.GetString()!, cancellationToken);
///         return owner is null
///             ? HandshakeAuthenticationResult.Fail()              // the client gets connect_error "unauthorized"
///             : HandshakeAuthenticationResult.Success(new ClaimsPrincipal(new ClaimsIdentity(
///                 [new Claim(ClaimTypes.NameIdentifier, owner)], authenticationType: "ApiKey")));
///     }
/// }
/// </code>
/// </example>
public interface IHandshakeAuthenticator
{
    /// <summary>Decides who the client joining a namespace is.</summary>
    /// <param name="context">The namespace and the client's handshake (its <c>auth</c> payload included).</param>
    /// <param name="cancellationToken">Cancelled when the connection closes.</param>
    /// <returns>
    /// Success with the principal (it becomes <see cref="Socket.User"/>), a failure (the client is refused with
    /// <c>{"message":"unauthorized"}</c>), or no result (the next authenticator decides; when none does, the socket's
    /// user is the ASP.NET Core user of the request that opened the connection).
    /// </returns>
    ValueTask<HandshakeAuthenticationResult> AuthenticateAsync(NamespaceConnectContext context, CancellationToken cancellationToken);
}
