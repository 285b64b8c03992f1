using System.Text.Json;

namespace DotnetClient;

/// <summary>Prints what the server sends, one line per event, for a person (or a test) reading standard output.</summary>
internal sealed class ChatOutput(TextWriter writer)
{
    public void Line(string text) => writer.WriteLine(text);

    public void Message(JsonElement message) =>
        Line($"[{Read(message, "room")}] {Read(message, "user")}: {Read(message, "text")}");

    public void Presence(JsonElement presence)
    {
        var users = presence.TryGetProperty("users", out var list) && list.ValueKind == JsonValueKind.Array
            ? string.Join(", ", list.EnumerateArray().Select(u => u.GetString()))
            : "";
        Line($"presence [{Read(presence, "room")}]: {users}");
    }

    public void Typing(JsonElement typing)
    {
        var isTyping = typing.TryGetProperty("typing", out var flag) && flag.ValueKind == JsonValueKind.True;
        Line($"typing [{Read(typing, "room")}]: {Read(typing, "user")} {(isTyping ? "is typing" : "stopped typing")}");
    }

    private static string Read(JsonElement value, string property) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(property, out var field) && field.ValueKind == JsonValueKind.String
            ? field.GetString() ?? ""
            : "";
}
