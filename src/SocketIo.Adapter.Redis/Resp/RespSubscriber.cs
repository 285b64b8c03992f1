using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SocketIo.Adapter.Redis.Resp;

/// <summary>
/// The subscriptions of a client, and their life on successive subscriber connections: made on the current
/// connection, made again on each new one, and fed by its reading loop.
/// </summary>
/// <remarks>
/// Every subscription command names one channel, so each gets exactly one reply (a confirmation, or an error) and
/// the connection can match replies first in, first out, while messages (<c>message</c>, <c>pmessage</c>,
/// <c>smessage</c>, RESP2 arrays or RESP3 pushes) are taken out by <see cref="Filter"/> and handed to their handler
/// at once, in arrival order. The table is updated and the command queued under one lock, so Redis always sees
/// subscribes and unsubscribes in the order the table changed.
/// </remarks>
internal sealed class RespSubscriber
{
    // Indexed by RedisChannelKind.
    private static readonly string[] SubscribeVerbs = ["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE"];
    private static readonly string[] UnsubscribeVerbs = ["UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE"];
    private const int StackDecodeLimit = 256;

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, RedisMessageHandler>[] _tables;
    private readonly ConcurrentDictionary<string, RedisMessageHandler>.AlternateLookup<ReadOnlySpan<char>>[] _lookups;
    private readonly ILogger _logger;
    private RespConnection? _connection;

    /// <summary>Creates an empty set of subscriptions.</summary>
    /// <param name="logger">Where handler failures and refused resubscriptions are logged.</param>
    public RespSubscriber(ILogger logger)
    {
        _logger = logger;
        _tables = [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
        _lookups = [.. _tables.Select(static table => table.GetAlternateLookup<ReadOnlySpan<char>>())];
        Filter = Dispatch;
    }

    /// <summary>The frame filter to give each subscriber connection: it delivers messages to their handlers.</summary>
    public RespFrameFilter Filter { get; }

    /// <summary>Subscribes, or replaces the handler of an existing subscription.</summary>
    /// <param name="channel">The channel or pattern.</param>
    /// <param name="handler">Called for each message.</param>
    /// <param name="cancellationToken">Stops waiting for the confirmation.</param>
    /// <returns>Completes when Redis confirmed, or at once when no connection is attached.</returns>
    /// <exception cref="RedisCommandException">Redis refused (e.g. an ACL forbids the channel); the subscription is dropped.</exception>
    public async Task SubscribeAsync(RedisChannel channel, RedisMessageHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        RespConnection? connection;
        Task<RespValue>? confirmation = null;
        lock (_gate)
        {
            Table(channel.Kind)[channel.Name] = handler;
            connection = _connection;
            if (connection is not null)
            {
                confirmation = Send(connection, SubscribeVerbs, channel);
            }
        }

        if (connection is null || confirmation is null)
        {
            // Not connected: the next connection makes the subscription.
            return;
        }

        try
        {
            Confirm(connection, await confirmation.WaitAsync(cancellationToken).ConfigureAwait(false), SubscribeVerbs, channel);
        }
        catch (RedisConnectionException)
        {
            // The subscription stays in the table and is made on the next connection.
        }
        catch (RedisCommandException)
        {
            lock (_gate)
            {
                ((ICollection<KeyValuePair<string, RedisMessageHandler>>)Table(channel.Kind)).Remove(new(channel.Name, handler));
            }

            throw;
        }
    }

    /// <summary>Ends a subscription; messages still in flight for it are dropped.</summary>
    /// <param name="channel">The channel or pattern, as subscribed.</param>
    /// <param name="cancellationToken">Stops waiting for the confirmation.</param>
    /// <exception cref="RedisCommandException">Redis refused.</exception>
    public async Task UnsubscribeAsync(RedisChannel channel, CancellationToken cancellationToken)
    {
        RespConnection? connection;
        Task<RespValue>? confirmation = null;
        lock (_gate)
        {
            if (!Table(channel.Kind).TryRemove(channel.Name, out _))
            {
                return;
            }

            connection = _connection;
            if (connection is not null)
            {
                confirmation = Send(connection, UnsubscribeVerbs, channel);
            }
        }

        if (connection is null || confirmation is null)
        {
            return;
        }

        try
        {
            Confirm(connection, await confirmation.WaitAsync(cancellationToken).ConfigureAwait(false), UnsubscribeVerbs, channel);
        }
        catch (RedisConnectionException)
        {
            // A new connection will not subscribe to it.
        }
    }

    /// <summary>Makes every subscription on a new connection, which then receives new ones too.</summary>
    /// <param name="connection">A connection created with <see cref="Filter"/>.</param>
    /// <param name="cancellationToken">Abandons the attempt.</param>
    /// <exception cref="RedisConnectionException">The connection broke; call <see cref="Detach"/>.</exception>
    public async Task AttachAsync(RespConnection connection, CancellationToken cancellationToken)
    {
        var confirmations = new List<(RedisChannel Channel, RedisMessageHandler Handler, Task<RespValue> Reply)>();
        lock (_gate)
        {
            _connection = connection;
            for (var kind = 0; kind < _tables.Length; kind++)
            {
                foreach (var (name, handler) in _tables[kind])
                {
                    var channel = new RedisChannel(name, (RedisChannelKind)kind);
                    confirmations.Add((channel, handler, Send(connection, SubscribeVerbs, channel)));
                }
            }
        }

        foreach (var (channel, handler, reply) in confirmations)
        {
            try
            {
                Confirm(connection, await reply.WaitAsync(cancellationToken).ConfigureAwait(false), SubscribeVerbs, channel);
            }
            catch (RedisCommandException ex)
            {
                RespLog.ResubscribeRefused(_logger, channel.Kind, channel.Name, ex);
                lock (_gate)
                {
                    ((ICollection<KeyValuePair<string, RedisMessageHandler>>)Table(channel.Kind)).Remove(new(channel.Name, handler));
                }
            }
        }
    }

    /// <summary>Forgets a connection that broke: subscriptions wait for the next one.</summary>
    /// <param name="connection">The connection given to <see cref="AttachAsync"/>.</param>
    public void Detach(RespConnection connection)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_connection, connection))
            {
                _connection = null;
            }
        }
    }

    private static Task<RespValue> Send(RespConnection connection, string[] verbs, RedisChannel channel) =>
        connection.SendAsync(
            (Verb: verbs[(int)channel.Kind], channel.Name),
            static (IBufferWriter<byte> writer, in (string Verb, string Name) command) =>
            {
                RespWriter.WriteArrayHeader(writer, 2);
                RespWriter.WriteBulkString(writer, command.Verb);
                RespWriter.WriteBulkString(writer, command.Name);
            });

    // A confirmation names what it confirms; anything else means replies and commands are out of step.
    private static void Confirm(RespConnection connection, RespValue reply, string[] verbs, RedisChannel channel)
    {
        var verb = verbs[(int)channel.Kind];
        if (reply.IsAggregate && reply.Count == 3
            && Encoding.UTF8.GetString(reply[0].Bytes.Span).Equals(verb, StringComparison.OrdinalIgnoreCase)
            && reply[1].TextEquals(Encoding.UTF8.GetBytes(channel.Name)))
        {
            return;
        }

        var error = new RespProtocolException($"Redis answered {verb} {channel.Name} with {reply}.");
        connection.Abort(error);
        throw new RedisConnectionException(error.Message, error);
    }

    private ConcurrentDictionary<string, RedisMessageHandler> Table(RedisChannelKind kind) =>
        kind is >= RedisChannelKind.Literal and <= RedisChannelKind.Sharded
            ? _tables[(int)kind]
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown channel kind.");

    private bool Dispatch(in RespValue frame)
    {
        if (frame.Type is not (RespType.Array or RespType.Push) || frame.Count is < 3 or > 4 || !frame[0].IsText)
        {
            return frame.Type == RespType.Push;
        }

        var kind = frame[0];
        if (frame.Count == 3 && kind.TextEquals("message"u8))
        {
            Deliver(RedisChannelKind.Literal, frame[1], frame[1], frame[2]);
            return true;
        }

        if (frame.Count == 3 && kind.TextEquals("smessage"u8))
        {
            Deliver(RedisChannelKind.Sharded, frame[1], frame[1], frame[2]);
            return true;
        }

        if (frame.Count == 4 && kind.TextEquals("pmessage"u8))
        {
            Deliver(RedisChannelKind.Pattern, frame[1], frame[2], frame[3]);
            return true;
        }

        // Confirmations are replies to our commands; other pushes (e.g. invalidations) are not.
        return frame.Type == RespType.Push && !IsConfirmation(kind);
    }

    private static bool IsConfirmation(in RespValue kind) =>
        kind.TextEquals("subscribe"u8) || kind.TextEquals("unsubscribe"u8)
        || kind.TextEquals("psubscribe"u8) || kind.TextEquals("punsubscribe"u8)
        || kind.TextEquals("ssubscribe"u8) || kind.TextEquals("sunsubscribe"u8);

    private void Deliver(RedisChannelKind kind, in RespValue subscription, in RespValue channel, in RespValue payload)
    {
        if (!TryFind(kind, subscription.Bytes.Span, out var name, out var handler))
        {
            // Unsubscribed while the message was on its way.
            return;
        }

        var channelName = kind == RedisChannelKind.Pattern ? Encoding.UTF8.GetString(channel.Bytes.Span) : name;
        try
        {
            handler(channelName, payload.Bytes.Span);
        }
        catch (Exception ex)
        {
            // One faulty handler must not stop the others, nor the connection.
            RespLog.HandlerFailed(_logger, channelName, ex);
        }
    }

    private bool TryFind(RedisChannelKind kind, ReadOnlySpan<byte> name, out string key, out RedisMessageHandler handler)
    {
        var maxChars = Encoding.UTF8.GetMaxCharCount(name.Length);
        char[]? rented = null;
        var chars = maxChars <= StackDecodeLimit ? stackalloc char[StackDecodeLimit] : (rented = ArrayPool<char>.Shared.Rent(maxChars));
        try
        {
            var length = Encoding.UTF8.GetChars(name, chars);
            return _lookups[(int)kind].TryGetValue(chars[..length], out key!, out handler!);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
