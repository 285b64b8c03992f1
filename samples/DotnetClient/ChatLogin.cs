using System.Net.Http.Json;
using System.Text.Json;

namespace DotnetClient;

/// <summary>The chat server's <c>POST /api/login</c>: a name in, a signed token out.</summary>
internal sealed class ChatLogin(HttpClient http)
{
    public async Task<string> GetTokenAsync(Uri server, string name, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(server, "/api/login"), new { name }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.TryGetProperty("token", out var token) && token.GetString() is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("the login answer has no token");
    }
}
