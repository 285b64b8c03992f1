using System.Globalization;

namespace SocketIo.Server.Adapters;

/// <summary>
/// The in-memory store behind connection state recovery: a log of the broadcasts that can be replayed, keyed by the
/// offset appended to each, and the sessions of sockets that dropped. Both are bounded by age and by count; what
/// falls out of the log can no longer be recovered from, which ends that recovery, not the connection.
/// </summary>
internal sealed class SessionStore
{
    private readonly Lock _lock = new();
    private readonly ConnectionStateRecoveryOptions _options;
    private readonly TimeProvider _time;
    private readonly Queue<LogEntry> _log = new();
    private readonly OrderedDictionary<string, StoredSession> _sessions = new(StringComparer.Ordinal);

    // Offsets carry a per-process prefix so an offset from an earlier process never names a packet of this one.
    private readonly string _offsetPrefix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)) + "-";
    private long _nextSequence;

    public SessionStore(ConnectionStateRecoveryOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public int LoggedPacketCount
    {
        get
        {
            lock (_lock)
            {
                return _log.Count;
            }
        }
    }

    public int SessionCount
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>Appends an offset to the packet and keeps it for replay; returns the packet to deliver.</summary>
    public BroadcastPacket Append(BroadcastPacket packet, BroadcastOptions options)
    {
        lock (_lock)
        {
            var sequence = _nextSequence++;
            var withOffset = packet.WithOffset(_offsetPrefix + sequence.ToString("x", CultureInfo.InvariantCulture));
            var now = _time.GetTimestamp();
            _log.Enqueue(new LogEntry(sequence, withOffset, options, now));
            Trim(now);
            return withOffset;
        }
    }

    public void Persist(PersistedSession session)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            Trim(now);
            _sessions.Remove(session.PrivateId);
            while (_sessions.Count >= _options.MaxSessions && _sessions.Count > 0)
            {
                _sessions.RemoveAt(0);
            }

            _sessions.Add(session.PrivateId, new StoredSession(session, now));
        }
    }

    /// <summary>
    /// Takes the session <paramref name="privateId"/> out of the store with the packets sent after
    /// <paramref name="offset"/> that addressed it; null when the session or the offset is unknown or expired.
    /// </summary>
    public RecoveredSession? Restore(string privateId, string offset)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            Trim(now);
            if (!_sessions.Remove(privateId, out var stored) || !TryParseOffset(offset, out var sequence))
            {
                return null;
            }

            var found = false;
            List<BroadcastPacket>? missed = null;
            foreach (var entry in _log)
            {
                if (entry.Sequence == sequence)
                {
                    found = true;
                }
                else if (entry.Sequence > sequence && found && Addresses(entry.Options, stored.Session.Rooms))
                {
                    (missed ??= []).Add(entry.Packet);
                }
            }

            return found ? new RecoveredSession(stored.Session, missed ?? []) : null;
        }
    }

    private static bool Addresses(BroadcastOptions options, IReadOnlyCollection<string> sessionRooms)
    {
        var included = options.Rooms.Count == 0;
        foreach (var room in sessionRooms)
        {
            if (options.Except.Contains(room))
            {
                return false;
            }

            included |= options.Rooms.Contains(room);
        }

        return included;
    }

    private bool TryParseOffset(string offset, out long sequence)
    {
        sequence = -1;
        return offset.StartsWith(_offsetPrefix, StringComparison.Ordinal)
            && long.TryParse(offset.AsSpan(_offsetPrefix.Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out sequence);
    }

    private void Trim(long now)
    {
        var maxAge = _options.MaxDisconnectionDuration;
        while (_log.TryPeek(out var oldest)
            && (_log.Count > _options.MaxBufferedPackets || _time.GetElapsedTime(oldest.Timestamp, now) > maxAge))
        {
            _log.Dequeue();
        }

        while (_sessions.Count > 0 && _time.GetElapsedTime(_sessions.GetAt(0).Value.DisconnectedAt, now) > maxAge)
        {
            _sessions.RemoveAt(0);
        }
    }

    private readonly record struct LogEntry(long Sequence, BroadcastPacket Packet, BroadcastOptions Options, long Timestamp);

    private readonly record struct StoredSession(PersistedSession Session, long DisconnectedAt);
}
