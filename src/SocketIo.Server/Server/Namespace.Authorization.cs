using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace SocketIo.Server;

public sealed partial class Namespace
{
    private IAuthorizeData[]? _authorization;

    /// <summary>
    /// Lets only clients that satisfy ASP.NET Core authorization policies join (evaluated with
    /// <see cref="IAuthorizationService"/> at each CONNECT, after the handshake authenticators and before the
    /// middlewares; the resource handlers see is the <see cref="NamespaceConnectContext"/>). A client that is not
    /// authenticated is refused with <c>{"message":"unauthorized"}</c>, an authenticated one the policies deny with
    /// <c>{"message":"forbidden"}</c>. Calls add up: every policy named by any call must pass. On a dynamic parent it
    /// applies to every child, existing or future. Needs <c>builder.Services.AddAuthorization()</c>.
    /// </summary>
    /// <param name="policyNames">The policies to satisfy; none means the default policy (an authenticated user).</param>
    /// <returns>This namespace.</returns>
    /// <exception cref="InvalidOperationException">The authorization services are not registered.</exception>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthorization(o => o.AddPolicy("admins", p => p.RequireRole("admin")));
    /// // ...
    /// io.Of("/chat").RequireAuthorization();          // any authenticated user
    /// io.Of("/admin").RequireAuthorization("admins"); // authenticated and in the admin role
    /// </code>
    /// </example>
    public Namespace RequireAuthorization(params string[] policyNames)
    {
        ArgumentNullException.ThrowIfNull(policyNames);
        EnsureAuthorizationServices();
        IAuthorizeData[] added = policyNames.Length == 0
            ? [new AuthorizeAttribute()]
            : Array.ConvertAll(policyNames, name => (IAuthorizeData)new AuthorizeAttribute(name ?? throw new ArgumentException("A policy name is null.", nameof(policyNames))));
        lock (_lock)
        {
            _authorization = [.. _authorization ?? [], .. added];
        }

        return this;
    }

    internal static string MissingAuthorizationServices(string name) =>
        $"Namespace {name} requires authorization, but no IAuthorizationService is registered: call builder.Services.AddAuthorization().";

    /// <summary>What a client must satisfy to join: this namespace's requirements and its parent's; null when none.</summary>
    internal IAuthorizeData[]? EffectiveAuthorization()
    {
        var own = System.Threading.Volatile.Read(ref _authorization);
        var inherited = Parent?.EffectiveAuthorization();
        return inherited is null ? own : own is null ? inherited : [.. inherited, .. own];
    }

    private void EnsureAuthorizationServices()
    {
        if (Server.ScopeFactory is not { } scopes)
        {
            throw new InvalidOperationException(MissingAuthorizationServices(Name));
        }

        // Asks whether the service exists without building it (its handlers may be scoped or async-disposable).
        using var scope = scopes.CreateScope();
        if (scope.ServiceProvider.GetService<IServiceProviderIsService>() is { } registry
            && !registry.IsService(typeof(IAuthorizationService)))
        {
            throw new InvalidOperationException(MissingAuthorizationServices(Name));
        }
    }
}
