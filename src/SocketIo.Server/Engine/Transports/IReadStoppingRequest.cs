namespace SocketIo.Server.Engine.Transports;

/// <summary>
/// A request whose connection can end a pending read without being cut: the WebSocket's read loop then ends as after
/// the client's close, and the connection closes gracefully rather than with a reset.
/// </summary>
internal interface IReadStoppingRequest
{
    void StopReading();
}
