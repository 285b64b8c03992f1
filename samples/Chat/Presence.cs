using System.Collections.Concurrent;
using System.Text.Json;
using SocketIo.Server;

namespace Chat;

/// <summary>
/// Who is in a room, from <c>FetchSockets</c> on the room (so, with the Redis adapter, across the cluster), and the
/// <c>presence</c> event that tells the room.
/// </summary>
internal sealed partial class Presence(SocketIoServer io, ILogger<Presence> logger)
{
    /// <summary>The key of the user's name in <see cref="Socket.Data"/>.</summary>
    public const string NameKey = "name";

    // One publication at a time per room, in the order asked: each reads the room after the previous one was sent,
    // so the last presence a client gets is never an older picture than one before it (from this node).
    private readonly ConcurrentDictionary<string, Task> _tails = new(StringComparer.Ordinal);

    /// <summary>The distinct names of the users in <paramref name="room"/>, sorted.</summary>
    public async Task<IReadOnlyList<string>> UsersAsync(string room, CancellationToken cancellationToken = default)
    {
        var sockets = await io.In(room).FetchSocketsAsync(cancellationToken).ConfigureAwait(false);
        return [.. sockets
            .Select(s => NameOf(s.Data))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Sends <c>presence</c> to each of <paramref name="rooms"/>, in the background; failures are logged.</summary>
    public void Publish(IEnumerable<string> rooms)
    {
        foreach (var room in rooms)
        {
            Publish(room);
        }
    }

    /// <summary>Sends <c>presence</c> to <paramref name="room"/>, in the background; failures are logged.</summary>
    public void Publish(string room)
    {
        var mine = _tails.AddOrUpdate(
            room,
            static (r, self) => self.SendAsync(r),
            static (r, previous, self) => previous.ContinueWith(_ => self.SendAsync(r), TaskScheduler.Default).Unwrap(),
            this);
        // Forget the chain once it is idle, unless someone queued behind it meanwhile.
        mine.ContinueWith(t => _tails.TryRemove(new KeyValuePair<string, Task>(room, t)), TaskScheduler.Default);
    }

    private async Task SendAsync(string room)
    {
        try
        {
            var users = await UsersAsync(room).ConfigureAwait(false);
            io.To(room).Emit("presence", new PresenceUpdate(room, users));
        }
        catch (Exception ex)
        {
            LogPublishFailed(logger, room, ex);
        }
    }

    // Data of a socket on this node holds what was put there (a string); one from another node comes decoded from
    // the wire as JSON.
    private static string? NameOf(IReadOnlyDictionary<string, object?> data) =>
        data.TryGetValue(NameKey, out var value)
            ? value switch
            {
                string name => name,
                JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
                _ => null,
            }
            : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the presence of room {Room}")]
    private static partial void LogPublishFailed(ILogger logger, string room, Exception exception);
}
