using System.Text.Json;

namespace SocketIo.Server.Engine.Protocol;

/// <summary>The <c>open</c> packet that starts every session; its JSON has exactly the five keys clients expect, in order.</summary>
internal static class OpenPacket
{
    public static byte[] Encode(string sid, bool upgradeToWebSocket, long pingIntervalMs, long pingTimeoutMs, long maxPayload)
    {
        using var buffer = new MemoryStream(160);
        buffer.WriteByte((byte)'0');
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("sid"u8, sid);
            json.WriteStartArray("upgrades"u8);
            if (upgradeToWebSocket)
            {
                json.WriteStringValue("websocket"u8);
            }

            json.WriteEndArray();
            json.WriteNumber("pingInterval"u8, pingIntervalMs);
            json.WriteNumber("pingTimeout"u8, pingTimeoutMs);
            json.WriteNumber("maxPayload"u8, maxPayload);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
