using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIo.Server.Parsing;

namespace SocketIo.Server.Tests.Fuzzing.Support;

/// <summary>
/// What the server reads from a decoded packet before any application code runs (<see cref="Read"/>: the CONNECT
/// payload's recovery fields, the event name, the arguments with their attachments resolved), then what listeners ask
/// of the arguments (<see cref="Bind"/>: JSON, primitives, binary, collections, records), where
/// <see cref="JsonException"/> is the documented failure of <see cref="SocketIoArguments.GetValue{T}(int)"/>.
/// </summary>
internal static class ServerPacketReading
{
    private static readonly JsonSerializerOptions Options = new SocketIoServerOptions().SerializerOptions;

    private static readonly Action<SocketIoArguments, int>[] Bindings =
    [
        static (a, i) => a.GetValue<object>(i),
        static (a, i) => a.GetValue<JsonElement>(i),
        static (a, i) => a.GetValue<JsonNode>(i),
        static (a, i) => a.GetValue<string>(i),
        static (a, i) => a.GetValue<int>(i),
        static (a, i) => a.GetValue<long?>(i),
        static (a, i) => a.GetValue<double>(i),
        static (a, i) => a.GetValue<decimal>(i),
        static (a, i) => a.GetValue<bool>(i),
        static (a, i) => a.GetValue<byte[]>(i),
        static (a, i) => a.GetValue<ReadOnlyMemory<byte>>(i),
        static (a, i) => a.GetValue<int[]>(i),
        static (a, i) => a.GetValue<List<string>>(i),
        static (a, i) => a.GetValue<Dictionary<string, object>>(i),
        static (a, i) => a.GetValue<Dictionary<string, int>>(i),
        static (a, i) => a.GetValue<DateTimeOffset>(i),
        static (a, i) => a.GetValue<Guid>(i),
        static (a, i) => a.GetValue<FuzzRecord>(i),
    ];

    /// <summary>Reads a packet; returns the arguments of an event or acknowledgement.</summary>
    public static SocketIoArguments? Read(SocketIoPacket packet)
    {
        _ = packet.Namespace.Length;
        switch (packet.Type)
        {
            case SocketIoPacketType.Connect when packet.Data is { ValueKind: JsonValueKind.Object } auth:
                // Namespace.AddAsync, when connection state recovery is on.
                if (auth.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.String && !JsonStringEscapes.HasLoneSurrogate(pid)
                    && auth.TryGetProperty("offset", out var offset) && offset.ValueKind == JsonValueKind.String && !JsonStringEscapes.HasLoneSurrogate(offset))
                {
                    _ = pid.GetString()!.Length + offset.GetString()!.Length;
                }

                break;
            case SocketIoPacketType.Event when packet.Data is { ValueKind: JsonValueKind.Array } data && data.GetArrayLength() > 0:
                // Socket.OnEvent.
                var first = data[0];
                _ = first.ValueKind == JsonValueKind.String ? first.GetString()! : first.GetRawText();
                return SocketIoArguments.FromPacket(data, 1, packet.Attachments, Options);
            case SocketIoPacketType.Ack when packet.Data is { ValueKind: JsonValueKind.Array } data:
                return SocketIoArguments.FromPacket(data, 0, packet.Attachments, Options);
        }

        return null;
    }

    /// <summary>
    /// Binds each argument to one of the types a listener might declare, and (when <paramref name="everyType"/>) the
    /// first four to all of them: a listener binds the few parameters it declares, and a failed binding costs an
    /// exception, so binding everything to everything would measure exceptions rather than decoding.
    /// </summary>
    public static void Bind(SocketIoArguments arguments, bool everyType)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (everyType && i < 4)
            {
                foreach (var bind in Bindings)
                {
                    TryBind(bind, arguments, i);
                }
            }
            else
            {
                TryBind(Bindings[i % Bindings.Length], arguments, i);
            }
        }

        _ = arguments.ToArray();
    }

    private static void TryBind(Action<SocketIoArguments, int> bind, SocketIoArguments arguments, int index)
    {
        try
        {
            bind(arguments, index);
        }
        catch (JsonException)
        {
            // The value does not fit the type: the listener fails, the connection goes on.
        }
    }

    /// <summary>A listener's parameter type: numbers, text, binary, a list and a map.</summary>
    internal sealed record FuzzRecord(int X, string? Name, byte[]? Blob, double[]? Values, Dictionary<string, string>? Tags);
}
