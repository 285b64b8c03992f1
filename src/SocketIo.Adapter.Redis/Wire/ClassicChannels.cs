using System.Text;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// The channel names of one namespace in <c>@socket.io/redis-adapter</c>'s classic protocol, for a key (prefix)
/// <c>k</c> and namespace <c>n</c>: broadcasts on <c>k#n#</c> or, for exactly one room, <c>k#n#room#</c> (received
/// through the pattern <c>k#n#*</c>); requests on <c>k-request#n#</c>; answers on <c>k-response#n#</c> or on the
/// requester's own <c>k-response#n#uid#</c>.
/// </summary>
internal sealed class ClassicChannels
{
    /// <summary>Computes the names for <paramref name="key"/> and <paramref name="namespace"/>.</summary>
    /// <param name="key">The channel prefix (<c>key</c> option), e.g. <c>socket.io</c>.</param>
    /// <param name="namespace">The namespace, e.g. <c>/</c>.</param>
    public ClassicChannels(string key, string @namespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(@namespace);
        Namespace = @namespace;
        Broadcast = key + "#" + @namespace + "#";
        BroadcastPattern = EscapeGlob(Broadcast) + "*";
        Request = key + "-request#" + @namespace + "#";
        Response = key + "-response#" + @namespace + "#";
    }

    /// <summary>The namespace the names are for.</summary>
    public string Namespace { get; }

    /// <summary>Where broadcasts to no room or several rooms go: <c>k#n#</c>.</summary>
    public string Broadcast { get; }

    /// <summary>
    /// The pattern that receives every broadcast of the namespace: <c>k#n#*</c>, with glob characters of the key and
    /// namespace escaped so another namespace's channels do not match.
    /// </summary>
    public string BroadcastPattern { get; }

    /// <summary>Where requests go: <c>k-request#n#</c>; its subscriber count is the server count.</summary>
    public string Request { get; }

    /// <summary>The shared channel for answers: <c>k-response#n#</c>.</summary>
    public string Response { get; }

    /// <summary>Where a broadcast to exactly one room goes: <c>k#n#room#</c>.</summary>
    /// <param name="room">The room.</param>
    public string Room(string room) => Broadcast + room + "#";

    /// <summary>A node's own channel for answers: <c>k-response#n#uid#</c>.</summary>
    /// <param name="uid">The node that asked.</param>
    public string SpecificResponse(string uid) => Response + uid + "#";

    /// <summary>
    /// The room a broadcast channel names: the text between <see cref="Broadcast"/> and the final <c>#</c>, empty for
    /// the namespace channel itself; false when the channel is not one of this namespace's broadcast channels.
    /// </summary>
    /// <param name="channel">The channel a message came on.</param>
    /// <param name="room">The room, or empty.</param>
    public bool TryGetBroadcastRoom(string channel, out string room)
    {
        ArgumentNullException.ThrowIfNull(channel);
        room = string.Empty;
        if (!channel.StartsWith(Broadcast, StringComparison.Ordinal))
        {
            return false;
        }

        // As Node: everything after the prefix but the last character, whatever that character is.
        if (channel.Length > Broadcast.Length + 1)
        {
            room = channel[Broadcast.Length..^1];
        }

        return true;
    }

    /// <summary>Whether <paramref name="channel"/> is one of the answer channels (shared or any node's own).</summary>
    /// <param name="channel">The channel a message came on.</param>
    public bool IsResponse(string channel) => channel.StartsWith(Response, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="channel"/> is the request channel.</summary>
    /// <param name="channel">The channel a message came on.</param>
    public bool IsRequest(string channel) => channel.StartsWith(Request, StringComparison.Ordinal);

    private static string EscapeGlob(string literal)
    {
        if (literal.AsSpan().IndexOfAny("*?[]\\") < 0)
        {
            return literal;
        }

        var escaped = new StringBuilder(literal.Length + 8);
        foreach (var c in literal)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
