using System.Text.Json;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// Writes a <see cref="ClusterMessage"/> as socket.io's <c>ClusterAdapter</c> envelope in JSON, with Node's key order
/// (<c>JSON.stringify</c> keeps insertion order): <c>{type, data, uid, nsp}</c>; the broadcast packet
/// <c>{type: 2, data: [event, ...args]}</c> without <c>nsp</c> or <c>id</c>; the data fields as
/// <c>cluster-adapter.ts</c> builds them.
/// </summary>
internal static class ClusterMessageJsonWriter
{
    /// <summary>Writes the message.</summary>
    public static void Write(Utf8JsonWriter writer, ClusterMessage message, AppValueJsonWriter values)
    {
        writer.WriteStartObject();
        writer.WriteNumber("type", (int)message.Type);
        if (message.Data is { } data)
        {
            writer.WritePropertyName("data");
            WriteData(writer, data, values);
        }

        writer.WriteString("uid", message.Uid);
        writer.WriteString("nsp", message.Namespace);
        writer.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter writer, ClusterMessageData data, AppValueJsonWriter values)
    {
        writer.WriteStartObject();
        switch (data)
        {
            case BroadcastData broadcast:
                writer.WritePropertyName("packet");
                writer.WriteStartObject();
                writer.WriteNumber("type", 2);
                writer.WritePropertyName("data");
                writer.WriteStartArray();
                writer.WriteStringValue(broadcast.Packet.EventName);
                foreach (var argument in broadcast.Packet.Arguments)
                {
                    values.Write(writer, argument);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                if (broadcast.RequestId is { } broadcastRequestId)
                {
                    writer.WriteString("requestId", broadcastRequestId);
                }

                WriteOptions(writer, broadcast.Options);
                break;
            case SocketsRoomsData rooms:
                WriteOptions(writer, rooms.Options);
                writer.WritePropertyName("rooms");
                WriteRooms(writer, rooms.Rooms);
                break;
            case DisconnectSocketsData disconnect:
                WriteOptions(writer, disconnect.Options);
                writer.WriteBoolean("close", disconnect.Close);
                break;
            case FetchSocketsData fetch:
                WriteOptions(writer, fetch.Options);
                writer.WriteString("requestId", fetch.RequestId);
                break;
            case FetchSocketsResponseData fetched:
                writer.WriteString("requestId", fetched.RequestId);
                writer.WritePropertyName("sockets");
                writer.WriteStartArray();
                foreach (var socket in fetched.Sockets)
                {
                    SocketDescriptionWire.Write(writer, socket, values);
                }

                writer.WriteEndArray();
                break;
            case ServerSideEmitData emit:
                if (emit.RequestId is { } emitRequestId)
                {
                    writer.WriteString("requestId", emitRequestId);
                }

                writer.WritePropertyName("packet");
                writer.WriteStartArray();
                foreach (var argument in emit.Arguments)
                {
                    values.Write(writer, argument);
                }

                writer.WriteEndArray();
                break;
            case ServerSideEmitResponseData answer:
                writer.WriteString("requestId", answer.RequestId);
                writer.WritePropertyName("packet");
                values.Write(writer, answer.Value);
                break;
            case BroadcastClientCountData count:
                writer.WriteString("requestId", count.RequestId);
                writer.WriteNumber("clientCount", count.ClientCount);
                break;
            case BroadcastAckData ack:
                writer.WriteString("requestId", ack.RequestId);
                writer.WritePropertyName("packet");
                values.Write(writer, ack.Value);
                break;
        }

        writer.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter writer, BroadcastOptions options)
    {
        writer.WritePropertyName("opts");
        writer.WriteStartObject();
        writer.WritePropertyName("rooms");
        WriteRooms(writer, options.Rooms);
        writer.WritePropertyName("except");
        WriteRooms(writer, options.Except);
        writer.WritePropertyName("flags");
        BroadcastFlagsWire.Write(writer, options.Flags);
        writer.WriteEndObject();
    }

    private static void WriteRooms(Utf8JsonWriter writer, IReadOnlyCollection<string> rooms)
    {
        writer.WriteStartArray();
        foreach (var room in rooms)
        {
            writer.WriteStringValue(room);
        }

        writer.WriteEndArray();
    }
}
