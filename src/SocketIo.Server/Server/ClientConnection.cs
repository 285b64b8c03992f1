using System.Text;
using System.Text.Json;
using SocketIo.Server.Diagnostics;
using SocketIo.Server.Engine;
using SocketIo.Server.Parsing;

namespace SocketIo.Server;

/// <summary>
/// One Engine.IO connection seen from Socket.IO (socket.io's <c>Client</c>): decodes its packets, multiplexes its
/// namespaces, enforces the connect timeout and the protocol's state rules.
/// </summary>
internal sealed class ClientConnection
{
    // Stands for "closed" in _sockets: no socket attaches after it. Its own empty array, not Array.Empty.
#pragma warning disable CA1825 // the identity is the point
    private static readonly Socket[] Closed = new Socket[0];
#pragma warning restore CA1825

    private readonly SocketIoServer _server;
    // Only while a packet waits for its attachments: otherwise each message borrows the thread's SpareDecoder, so an
    // idle connection holds no decoder (nor its reused packet).
    private ISocketIoPacketDecoder? _decoder;

    // One socket per namespace joined, usually one: a ClientSockets value (a socket, or an array searched linearly),
    // replaced on change and read without a lock (a dictionary and a lock cost several times as much per connection).
    private object? _sockets;
    private readonly TokenBucket? _rateLimit;
    private readonly RateLimitAction _rateLimitAction;
    private ITimer? _connectTimer;
    private string? _closeReason;
    private bool _dropping;

    public ClientConnection(SocketIoServer server, EngineConnection connection)
    {
        _server = server;
        Connection = connection;
        if (server.Options.InboundRateLimit is { } rateLimit)
        {
            _rateLimit = new TokenBucket(rateLimit, server.TimeProvider);
            _rateLimitAction = rateLimit.Action;
        }
    }

    public EngineConnection Connection { get; }

    /// <summary>Why the connection's sockets were closed; null while it is open.</summary>
    public string? CloseReason => System.Threading.Volatile.Read(ref _closeReason);

    /// <summary>Packets dropped by the inbound rate limit.</summary>
    public long DroppedPackets { get; private set; }

    public void Start()
    {
        _connectTimer = _server.TimeProvider.CreateTimer(
            static state => ((ClientConnection)state!).OnConnectTimeout(), this, _server.Options.ConnectTimeout, Timeout.InfiniteTimeSpan);
    }

    public async ValueTask OnMessageAsync(ReadOnlyMemory<byte> data, bool isBinary)
    {
        if (CloseReason is not null)
        {
            return;
        }

        var decoder = _decoder ?? SpareDecoder.Take(_server.Parser);
        try
        {
            SocketIoPacket? packet;
            try
            {
                // One permit per packet, taken when its first message arrives and before any of it is decoded.
                if (_rateLimit is { } bucket && !decoder.ExpectsAttachment)
                {
                    if (!bucket.TryTake())
                    {
                        OnRateLimited(decoder, data.Span, isBinary);
                        return;
                    }

                    _dropping = false;
                }

                packet = decoder.Add(data, isBinary);
            }
            catch (SocketIoParseException ex)
            {
                decoder.Reset();

                // As socket.io: every socket of the client hears the error, then the connection is closed.
                SocketIoLog.InvalidPacket(_server.Logger, Connection.Id, ex.Message);
                foreach (var socket in SnapshotSockets())
                {
                    socket.OnError(ex);
                }

                Connection.Close();
                return;
            }

            // The packet is the decoder's until its next call: the decoder is lent to nobody else meanwhile.
            if (packet is not null)
            {
                await OnPacketAsync(packet).ConfigureAwait(false);
            }
        }
        finally
        {
            KeepOrGiveBack(decoder);
        }
    }

    public void OnClosed(EngineCloseReason reason)
    {
        CloseSockets(reason.ToReasonString());
        _decoder = null; // a packet half received is dropped with its attachments
    }

    public bool Send(ReadOnlySpan<EngineMessage> encoded, bool isVolatile) =>
        isVolatile ? Connection.SendVolatile(encoded) : Connection.Send(encoded);

    public void Remove(Socket socket)
    {
        var seen = System.Threading.Volatile.Read(ref _sockets);
        while (true)
        {
            if (!ClientSockets.Of(seen).TryRemove(socket, out var next))
            {
                return;
            }

            var current = Interlocked.CompareExchange(ref _sockets, next.Value, seen);
            if (ReferenceEquals(current, seen))
            {
                return;
            }

            seen = current;
        }
    }

    /// <summary>socket.disconnect(true): every namespace gets a DISCONNECT, then the connection closes.</summary>
    public void DisconnectAll() => DisconnectAll(DisconnectReason.ServerNamespaceDisconnect);

    /// <summary>Every namespace gets a DISCONNECT, its socket closes for <paramref name="reason"/>, then the connection closes.</summary>
    public void DisconnectAll(string reason)
    {
        foreach (var socket in SnapshotSockets())
        {
            socket.DisconnectFor(reason);
        }

        Close();
    }

    /// <summary>Closes the connection because the client broke a Socket.IO rule.</summary>
    public void Close()
    {
        CloseSockets(DisconnectReason.ForcedServerClose);
        Connection.Close();
    }

    private async ValueTask OnPacketAsync(SocketIoPacket packet)
    {
        var socket = FindSocket(packet);
        if (socket is null && packet.Type == SocketIoPacketType.Connect)
        {
            // The packet views the engine's message, which the connect may outlive: take copies first.
            await ConnectAsync(packet.Namespace, packet.Data).ConfigureAwait(false);
        }
        else if (socket is not null && packet.Type is not SocketIoPacketType.Connect and not SocketIoPacketType.ConnectError)
        {
            socket.OnPacket(packet);
        }
        else
        {
            SocketIoLog.InvalidState(_server.Logger, Connection.Id, packet.Type.ToString(), packet.Namespace);
            Close();
        }
    }

    /// <summary>The socket of the packet's namespace, found without building the namespace's name.</summary>
    private Socket? FindSocket(SocketIoPacket packet)
    {
        const int StackLimit = 256;
        var utf8 = packet.NamespaceUtf8;
        if (utf8.Length > StackLimit)
        {
            return FindSocket(packet.Namespace);
        }

        Span<char> buffer = stackalloc char[StackLimit];
        return FindSocket(utf8.IsEmpty ? "/" : buffer[..Encoding.UTF8.GetChars(utf8, buffer)]);
    }

    private Socket? FindSocket(ReadOnlySpan<char> namespaceName) =>
        ClientSockets.Of(System.Threading.Volatile.Read(ref _sockets)).Find(namespaceName);

    private async ValueTask ConnectAsync(string name, JsonElement? auth)
    {
        var nsp = await _server.ResolveNamespaceAsync(name, auth, Connection.ConnectionClosed).ConfigureAwait(false);
        if (nsp is null)
        {
            var encoded = _server.Parser.Encode(SocketIoPacketType.ConnectError, name, null, SocketIoPayload.FromValue(InvalidNamespace.Instance));
            Connection.Send(encoded);
            return;
        }

        await nsp.AddAsync(this, auth).ConfigureAwait(false);
    }

    /// <summary>The namespace accepted the socket: route the client's packets for it there.</summary>
    internal bool Attach(Socket socket)
    {
        var seen = System.Threading.Volatile.Read(ref _sockets);
        while (true)
        {
            if (ReferenceEquals(seen, Closed))
            {
                return false;
            }

            // A namespace has one socket per client: a new one replaces the old in its place.
            var next = ClientSockets.Of(seen).With(socket);
            var current = Interlocked.CompareExchange(ref _sockets, next.Value, seen);
            if (ReferenceEquals(current, seen))
            {
                break;
            }

            seen = current;
        }

        // Dropped, not only disposed: a disposed timer still holds its queue entry for as long as it is referenced.
        Interlocked.Exchange(ref _connectTimer, null)?.Dispose();
        return true;
    }

    private void OnConnectTimeout()
    {
        if (ClientSockets.Of(System.Threading.Volatile.Read(ref _sockets)).IsEmpty)
        {
            SocketIoLog.ConnectTimeout(_server.Logger, Connection.Id);
            Connection.Close();
        }
    }

    /// <summary>Keeps the decoder while a packet waits for attachments; otherwise it becomes the thread's spare.</summary>
    private void KeepOrGiveBack(ISocketIoPacketDecoder decoder)
    {
        if (decoder.ExpectsAttachment)
        {
            _decoder = CloseReason is null ? decoder : null;
            return;
        }

        _decoder = null;
        SpareDecoder.Give(_server.Parser, decoder);
    }

    private void OnRateLimited(ISocketIoPacketDecoder decoder, ReadOnlySpan<byte> data, bool isBinary)
    {
        if (_rateLimitAction == RateLimitAction.Disconnect)
        {
            LimitLog.RateLimitDisconnecting(_server.Logger, Connection.Id);
            DisconnectAll(DisconnectReason.RateLimitExceeded);
            return;
        }

        decoder.Skip(data, isBinary);
        DroppedPackets++;
        if (!_dropping)
        {
            _dropping = true;
            LimitLog.RateLimitDropping(_server.Logger, Connection.Id);
        }

        if (_rateLimitAction == RateLimitAction.Error)
        {
            var error = new RateLimitExceededException();
            foreach (var socket in SnapshotSockets())
            {
                socket.OnError(error);
            }
        }
    }

    private void CloseSockets(string reason)
    {
        // The reason first: whoever finds the sockets closed (Attach) finds the reason too.
        Interlocked.CompareExchange(ref _closeReason, reason, null);
        var sockets = ClientSockets.Of(Interlocked.Exchange(ref _sockets, Closed)).ToArray();

        Interlocked.Exchange(ref _connectTimer, null)?.Dispose();
        foreach (var socket in sockets)
        {
            socket.OnClose(reason);
        }
    }

    /// <summary>The sockets now; never changed, so safe to walk while sockets come and go.</summary>
    private Socket[] SnapshotSockets() => ClientSockets.Of(System.Threading.Volatile.Read(ref _sockets)).ToArray();

    private static class InvalidNamespace
    {
        public static readonly Dictionary<string, string> Instance = new(StringComparer.Ordinal) { ["message"] = "Invalid namespace" };
    }
}
