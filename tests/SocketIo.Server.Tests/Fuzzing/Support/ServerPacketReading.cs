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
                if (auth.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.String
                    && auth.TryGetProperty("offset", out var offset) && offset.ValueKind == JsonValueKind.String)
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

    /// <summary>Binds every argument to every type a listener might declare.</summary>
    public static void Bind(SocketIoArguments arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            foreach (var bind in Bindings)
            {
                try
                {
                    bind(arguments, i);
                }
                catch (JsonException)
                {
                    // The value does not fit the type: the listener fails, the connection goes on.
                }
            }
        }

        _ = arguments.ToArray();
    }

    /// <summary>A listener's parameter type: numbers, text, binary, a list and a map.</summary>
    internal sealed record FuzzRecord(int X, string? Name, byte[]? Blob, double[]? Values, Dictionary<string, string>? Tags);
}
