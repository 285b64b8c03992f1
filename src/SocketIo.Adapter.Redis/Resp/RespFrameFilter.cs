namespace SocketIo.Adapter.Redis.Resp;

/// <summary>
/// Looks at each frame a connection received before it is taken as the reply to the oldest pending command: returns
/// true when the frame was out-of-band (a RESP3 push, a pub/sub message) and has been handled. Runs on the reading
/// loop; the frame is borrowed (valid during the call only).
/// </summary>
/// <param name="frame">The received frame.</param>
/// <returns>True when the frame is not a reply.</returns>
internal delegate bool RespFrameFilter(in RespValue frame);
