using System.Text.Json;

namespace SocketIo.Server.JwtBearer;

/// <summary>Finds the token in a CONNECT <c>auth</c> payload.</summary>
internal static class HandshakeToken
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>What the payload holds at <paramref name="field"/>.</summary>
    public static HandshakeTokenPresence Read(JsonElement auth, string field, out string? token)
    {
        token = null;
        if (auth.ValueKind != JsonValueKind.Object || !auth.TryGetProperty(field, out var value)
            || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return HandshakeTokenPresence.Absent;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return HandshakeTokenPresence.Malformed;
        }

        var text = value.GetString()!.AsSpan().Trim();
        if (text.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            text = text[BearerPrefix.Length..].TrimStart();
        }

        if (text.IsEmpty)
        {
            return HandshakeTokenPresence.Absent;
        }

        token = text.ToString();
        return HandshakeTokenPresence.Present;
    }
}

/// <summary>Whether the <c>auth</c> payload carries a token.</summary>
internal enum HandshakeTokenPresence
{
    /// <summary>No token field, or an empty one.</summary>
    Absent,

    /// <summary>A token to validate.</summary>
    Present,

    /// <summary>A token field that is not a string: refused.</summary>
    Malformed,
}
