using System.Buffers;
using System.Text.Json;
using SocketIo.Adapter.Redis.MessagePack;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// The sharded adapter's message encoding (<c>sharded-adapter.ts</c> <c>encode</c>/<c>onRawMessage</c>): JSON as
/// <c>JSON.stringify</c> prints the envelope, unless the message is of a type that may carry application values
/// (broadcast, fetch-sockets answer, server-side emit and its answer, broadcast acknowledgement) and its data holds
/// binary: then notepack.io MessagePack of the whole envelope. Receiving, a payload starting with <c>{</c> is JSON,
/// anything else MessagePack.
/// </summary>
internal sealed class ShardedMessageCodec
{
    private static readonly Func<object?, object?> AsIs = static value => value;

    private readonly IMessagePackCodec _messagePack;
    private readonly AppValueJsonTree _values;
    private readonly Func<object?, object?> _toJsonTree;

    /// <summary>Creates the codec.</summary>
    /// <param name="messagePack">The notepack.io-compatible MessagePack codec.</param>
    /// <param name="serializerOptions">The server's System.Text.Json settings, for application values.</param>
    public ShardedMessageCodec(IMessagePackCodec messagePack, JsonSerializerOptions? serializerOptions)
    {
        ArgumentNullException.ThrowIfNull(messagePack);
        _messagePack = messagePack;
        _values = new AppValueJsonTree(serializerOptions);
        _toJsonTree = _values.ToTree;
    }

    /// <summary>Encodes a message into <paramref name="output"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="output">Where to write.</param>
    public void Encode(ClusterMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        var mayCarryBinary = MayCarryBinary(message.Type);
        if (mayCarryBinary && HasTopLevelBinary(message.Data))
        {
            _messagePack.Encode(output, ClusterMessageTree.Build(message, AsIs));
            return;
        }

        AppValueJsonTree.BeginBinaryWatch();
        var json = ClusterMessageTree.Build(message, _toJsonTree);
        if (mayCarryBinary && AppValueJsonTree.SawBinary)
        {
            _messagePack.Encode(output, ClusterMessageTree.Build(message, AsIs));
            return;
        }

        JsonStringifyWriter.Write(output, json);
    }

    /// <summary>Encodes a message into a new array.</summary>
    /// <param name="message">The message.</param>
    public byte[] Encode(ClusterMessage message)
    {
        var output = new ArrayBufferWriter<byte>(256);
        Encode(message, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Decodes a received payload; null, with the reason (<c>"malformed"</c> for bytes that are neither JSON nor
    /// MessagePack, <c>"invalid ..."</c> for a well-formed value that is not a cluster message), when it cannot be
    /// used. Never throws.
    /// </summary>
    /// <param name="payload">The payload, which the result does not reference.</param>
    /// <param name="dropReason">Why the payload was not decoded.</param>
    public ClusterMessage? Decode(ReadOnlyMemory<byte> payload, out string dropReason)
    {
        WireValue root;
        JsonDocument? document = null;
        try
        {
            if (!payload.IsEmpty && payload.Span[0] == (byte)'{')
            {
                document = JsonDocument.Parse(payload);
                root = WireValue.FromJson(document.RootElement.Clone());
            }
            else
            {
                root = WireValue.FromMessagePack(_messagePack.Decode(payload));
            }
        }
        catch (Exception ex) when (ex is JsonException or MessagePackFormatException or ArgumentException or InvalidOperationException)
        {
            dropReason = "malformed";
            return null;
        }
        finally
        {
            document?.Dispose();
        }

        try
        {
            return ClusterMessageReader.Read(root, out dropReason);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or JsonException or OverflowException or InsufficientExecutionStackException)
        {
            // A string with a lone surrogate, a value the server's types reject: not a message this node can act on.
            dropReason = "invalid";
            return null;
        }
    }

    /// <summary>The types whose data Node checks for binary (<c>mayContainBinary</c>).</summary>
    private static bool MayCarryBinary(ClusterMessageType type) => type is ClusterMessageType.Broadcast
        or ClusterMessageType.FetchSocketsResponse
        or ClusterMessageType.ServerSideEmit
        or ClusterMessageType.ServerSideEmitResponse
        or ClusterMessageType.BroadcastAck;

    /// <summary>Binary passed directly as an argument: the common case, found without writing any JSON.</summary>
    private static bool HasTopLevelBinary(ClusterMessageData? data)
    {
        IReadOnlyList<object?>? values = data switch
        {
            BroadcastData broadcast => broadcast.Packet.Arguments,
            ServerSideEmitData emit => emit.Arguments,
            _ => null,
        };
        if (values is null)
        {
            return data switch
            {
                ServerSideEmitResponseData answer => IsBinary(answer.Value),
                BroadcastAckData ack => IsBinary(ack.Value),
                _ => false,
            };
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (IsBinary(values[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsBinary(object? value) => value is byte[] or ReadOnlyMemory<byte> or Memory<byte> or ArraySegment<byte>;
}
