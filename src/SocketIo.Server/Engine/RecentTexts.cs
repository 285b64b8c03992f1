namespace SocketIo.Server.Engine;

/// <summary>
/// The header values and URLs of recent handshakes, so that sessions whose requests repeat one (the Host, the
/// Upgrade and version headers, the User-Agent, the URL of every client of one app) share one string instead of
/// each keeping its own copy for its lifetime.
/// </summary>
/// <remarks>
/// One per server. A fixed table written without locks: a slot holds the last text that hashed to it, and a race or a collision
/// only costs a copy that is not shared. Long texts are not kept, and neither is anything secret (credentials,
/// cookies, handshake keys), since the table outlives the sessions it served.
/// </remarks>
internal sealed class RecentTexts
{
    private const int Slots = 256;
    private const int MaxLength = 200;

    private readonly string?[] _table = new string?[Slots];

    /// <summary>The instance of <paramref name="text"/> seen last, or <paramref name="text"/> itself, now remembered.</summary>
    public string Share(string text)
    {
        if (text.Length == 0 || text.Length > MaxLength)
        {
            return text;
        }

        ref var slot = ref _table[(int)((uint)string.GetHashCode(text.AsSpan()) % Slots)];
        var seen = Volatile.Read(ref slot);
        if (seen is not null && string.Equals(seen, text, StringComparison.Ordinal))
        {
            return seen;
        }

        Volatile.Write(ref slot, text);
        return text;
    }

    /// <summary>Whether a header's value may be kept in the table.</summary>
    public static bool MayShareHeader(string name) =>
        !name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        && !name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        && !name.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
        && !name.StartsWith("Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase);
}
