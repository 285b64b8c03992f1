namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>An extension value the codec has no meaning for; notepack.io gives <c>[type, Buffer]</c> for it.</summary>
/// <param name="Type">The extension type.</param>
/// <param name="Data">The extension's bytes.</param>
internal sealed record MessagePackExtension(sbyte Type, byte[] Data);
