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
