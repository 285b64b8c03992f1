using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIo.Server.Parsing;

namespace SocketIo.Server;

/// <summary>
/// The arguments of an event or acknowledgement. Each value is what arrived: a <see cref="JsonElement"/> for JSON,
/// a <c>byte[]</c> for a binary argument, or a <see cref="JsonNode"/> for JSON with binary inside it (the binary
/// parts are <see cref="JsonValue"/>s holding <c>byte[]</c>). Passing the values back to an emit sends them as they
/// came, binary included. <see cref="GetValue{T}(int)"/> binds a value to a .NET type.
/// </summary>
/// <example>
/// <code>
/// socket.On("message", (SocketIoArguments args) => socket.Emit("message-back", args.ToArray()));
/// socket.On("move", (SocketIoArguments args) => Move(args.GetValue&lt;Point&gt;(0)));
/// </code>
/// </example>
public sealed class SocketIoArguments : IReadOnlyList<object?>
{
    private readonly object?[] _values;
    private readonly JsonSerializerOptions _options;

    internal SocketIoArguments(object?[] values, JsonSerializerOptions options)
    {
        _values = values;
        _options = options;
    }

    /// <summary>The number of arguments.</summary>
    public int Count => _values.Length;

    /// <summary>The argument at <paramref name="index"/>, as it arrived.</summary>
    /// <param name="index">The zero-based position.</param>
    public object? this[int index] => _values[index];

    /// <summary>
    /// Binds the argument at <paramref name="index"/> to <typeparamref name="T"/> with the server's
    /// <see cref="SocketIoServerOptions.SerializerOptions"/>; the default of <typeparamref name="T"/> when there is
    /// no such argument. Binary arguments bind to <c>byte[]</c>, <see cref="ReadOnlyMemory{T}"/> and
    /// <see cref="Memory{T}"/> of bytes, also as properties of a bound object.
    /// </summary>
    /// <typeparam name="T">The type to bind to.</typeparam>
    /// <param name="index">The zero-based position.</param>
    /// <exception cref="JsonException">The value does not fit <typeparamref name="T"/>.</exception>
    public T? GetValue<T>(int index)
    {
        if ((uint)index >= (uint)_values.Length)
        {
            return default;
        }

        return ArgumentBinder.Bind<T>(_values[index], _options);
    }

    /// <summary>The arguments as an array, ready to be passed on to an emit.</summary>
    public object?[] ToArray() => (object?[])_values.Clone();

    /// <inheritdoc/>
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Reads the arguments of a decoded EVENT or ACK, resolving binary placeholders: the one place the payload
    /// becomes JSON values (a copy that may outlive the packet).
    /// </summary>
    /// <param name="packet">The packet, whose payload is a JSON array.</param>
    /// <param name="skip">1 for an event (its name comes first), 0 for an acknowledgement.</param>
    /// <param name="options">How values bind to .NET types.</param>
    internal static SocketIoArguments FromPacket(SocketIoPacket packet, int skip, JsonSerializerOptions options) =>
        FromPacket(packet.Data!.Value, skip, packet.Attachments, options);

    /// <summary>Reads the arguments of a decoded EVENT or ACK, resolving binary placeholders.</summary>
    /// <param name="data">The packet's JSON array.</param>
    /// <param name="skip">1 for an event (its name comes first), 0 for an acknowledgement.</param>
    /// <param name="attachments">The packet's binary attachments.</param>
    /// <param name="options">How values bind to .NET types.</param>
    internal static SocketIoArguments FromPacket(JsonElement data, int skip, IReadOnlyList<ReadOnlyMemory<byte>> attachments, JsonSerializerOptions options)
    {
        var length = Math.Max(0, data.GetArrayLength() - skip);
        var values = new object?[length];
        var i = -skip;
        foreach (var element in data.EnumerateArray())
        {
            if (i >= 0)
            {
                values[i] = attachments.Count == 0 ? element : ArgumentBinder.ResolveBinary(element, attachments);
            }

            i++;
        }

        return new SocketIoArguments(values, options);
    }
}
