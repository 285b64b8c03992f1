using System.Text.Json;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// The classic protocol of <c>@socket.io/redis-adapter</c> 8.3 for one namespace: turns what this node publishes
/// (<see cref="ClusterMessage"/>s and the classic-only requests) into a channel and the exact bytes Node writes, and
/// what it receives into a <see cref="ClassicInbound"/>.
/// </summary>
/// <remarks>
/// <para>
/// Encodings, as Node's: broadcasts are always msgpack <c>[uid, {type: 2, data, nsp}, {rooms, except, flags}]</c>;
/// requests are JSON (<c>JSON.stringify</c> output, no BOM or whitespace) except the acknowledged broadcast (type 7),
/// which is msgpack; answers are JSON except a client's acknowledgement (type 9), which is msgpack. Received requests
/// and answers are JSON when their first byte is <c>{</c>, msgpack otherwise, whatever their type.
/// </para>
/// <para>
/// Decoding never throws: bytes that do not decode, and values of the wrong shape, come back as
/// <see cref="ClassicDropped"/>. Values inside (event arguments, acknowledgements, socket data) come back as the server
/// expects them: <see cref="JsonElement"/>, <c>byte[]</c>, or JSON nodes with binary leaves.
/// </para>
/// </remarks>
internal sealed partial class ClassicMessageCodec
{
    private readonly IMessagePackCodec _msgpack;
    private readonly bool _publishOnSpecificResponseChannel;

    /// <summary>Creates the codec of one namespace.</summary>
    /// <param name="msgpack">The notepack-compatible codec (the adapter's <c>parser</c>).</param>
    /// <param name="channels">The namespace's channel names.</param>
    /// <param name="publishOnSpecificResponseChannel">
    /// Answer on the requester's own response channel rather than the shared one (server-side emit answers always go
    /// to the shared one, as Node's).
    /// </param>
    public ClassicMessageCodec(IMessagePackCodec msgpack, ClassicChannels channels, bool publishOnSpecificResponseChannel)
    {
        ArgumentNullException.ThrowIfNull(msgpack);
        ArgumentNullException.ThrowIfNull(channels);
        _msgpack = msgpack;
        Channels = channels;
        _publishOnSpecificResponseChannel = publishOnSpecificResponseChannel;
    }

    /// <summary>The namespace's channel names.</summary>
    public ClassicChannels Channels { get; }

    /// <summary>Decodes a message by the channel it came on; never throws.</summary>
    /// <param name="channel">The channel (for pattern subscriptions, the matching channel).</param>
    /// <param name="payload">The message; decoded values may share its memory, so it must not be reused.</param>
    public ClassicInbound Decode(string channel, ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(channel);
        try
        {
            if (Channels.IsResponse(channel))
            {
                return DecodeResponse(payload);
            }

            if (Channels.IsRequest(channel))
            {
                return DecodeRequest(payload);
            }

            return Channels.TryGetBroadcastRoom(channel, out _)
                ? DecodeBroadcast(payload)
                : new ClassicIgnored($"not a channel of namespace {Channels.Namespace}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A value the readers let through but the conversions reject (or a bug): the message is dropped, the node
            // goes on.
            return new ClassicDropped(ClassicDropped.Invalid, $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}

/// <summary>A message to publish: where, and its bytes.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Payload">The message.</param>
internal readonly record struct ClassicOutbound(string Channel, ReadOnlyMemory<byte> Payload);
