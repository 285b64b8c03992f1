using System.Buffers;

namespace SocketIo.Adapter.Redis.Resp;

/// <summary>
/// Writes one command into a connection's send buffer. Called synchronously, under the connection's send lock, so
/// commands go out in the order their replies are expected; it must not block or throw.
/// </summary>
/// <typeparam name="TState">What the command is made of (e.g. a channel and a payload), so a static lambda can be used.</typeparam>
/// <param name="writer">The send buffer.</param>
/// <param name="state">The command's arguments.</param>
internal delegate void RespCommandWriter<TState>(IBufferWriter<byte> writer, in TState state)
    where TState : allows ref struct;

/// <summary>
/// Looks at each frame a connection received before it is taken as the reply to the oldest pending command: returns
/// true when the frame was out-of-band (a RESP3 push, a pub/sub message) and has been handled. Runs on the reading
/// loop; the frame is borrowed (valid during the call only).
/// </summary>
/// <param name="frame">The received frame.</param>
/// <returns>True when the frame is not a reply.</returns>
internal delegate bool RespFrameFilter(in RespValue frame);
