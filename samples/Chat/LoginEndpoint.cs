namespace Chat;

/// <summary><c>POST /api/login</c> <c>{"name":"alice"}</c> → <c>{"token":"&lt;jwt&gt;","name":"alice"}</c>.</summary>
internal static class LoginEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/api/login", Login);

    private static IResult Login(LoginRequest request, DevTokens tokens) =>
        ChatNames.TryNormalizeUser(request.Name, out var name)
            ? Results.Ok(new LoginResponse(tokens.Issue(name), name))
            : Results.BadRequest(new { error = $"name must be 1-{ChatNames.MaxUserLength} characters" });
}

internal sealed record LoginRequest(string? Name);

internal sealed record LoginResponse(string Token, string Name);
