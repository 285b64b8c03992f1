using SocketIo.Server.Engine;

namespace SocketIo.Server;

/// <summary>Where the engine hands its connections to Socket.IO: one <see cref="ClientConnection"/> each.</summary>
internal sealed class SocketIoConnectionHandler(SocketIoServer server) : IEngineConnectionHandler
{
    public ValueTask OnConnectedAsync(EngineConnection connection)
    {
        var client = new ClientConnection(server, connection);
        connection.State = client;
        client.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask OnMessageAsync(EngineConnection connection, ReadOnlyMemory<byte> data, bool isBinary) =>
        connection.State is ClientConnection client ? client.OnMessageAsync(data, isBinary) : ValueTask.CompletedTask;

    public void OnClosed(EngineConnection connection, EngineCloseReason reason)
    {
        if (connection.State is ClientConnection client)
        {
            client.OnClosed(reason);
        }
    }
}
