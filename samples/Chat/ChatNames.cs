using System.Text.Json;
using System.Text.RegularExpressions;

namespace Chat;

/// <summary>What a user name and a chat room name may be.</summary>
internal static partial class ChatNames
{
    public const int MaxUserLength = 32;

    /// <summary>The room a connection joins when its <c>auth</c> names none.</summary>
    public const string DefaultRoom = "general";

    /// <summary>
    /// Lower-case letters, digits, '-' and '_', 1–32 characters. Narrow on purpose: a client must not be able to name
    /// a room the server uses for something else, such as <c>user:&lt;name&gt;</c> or another socket's id room
    /// (20 base64url characters, which almost always hold a capital letter; <see cref="IsJoinable"/> checks the
    /// rest).
    /// </summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoomPattern();

    /// <summary>The room every socket of <paramref name="user"/> is in (a way to reach all their tabs).</summary>
    public static string UserRoom(string user) => "user:" + user;

    /// <summary>A login name: trimmed, 1–32 characters, no control characters.</summary>
    public static bool TryNormalizeUser(string? raw, out string name)
    {
        name = raw?.Trim() ?? "";
        return name.Length is > 0 and <= MaxUserLength && !name.Any(char.IsControl);
    }

    /// <summary>Whether a client may join <paramref name="room"/> in <paramref name="nsp"/>.</summary>
    public static bool IsJoinable(string? room, SocketIo.Server.Namespace nsp) =>
        room is not null && RoomPattern().IsMatch(room) && !nsp.Sockets.ContainsKey(room);

    /// <summary>Whether <paramref name="room"/>, one of a socket's rooms, is a chat room (not its id nor a user room).</summary>
    public static bool IsChatRoom(string room, string socketId) => room != socketId && RoomPattern().IsMatch(room);

    /// <summary>The string at <paramref name="property"/> of an object, or null.</summary>
    public static string? ReadString(JsonElement value, string property) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty(property, out var field) && field.ValueKind == JsonValueKind.String
            ? field.GetString()
            : null;
}
