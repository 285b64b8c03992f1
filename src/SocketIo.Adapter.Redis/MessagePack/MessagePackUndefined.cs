namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>JavaScript's <c>undefined</c> as old notepack versions wrote it (<c>d4 00 00</c>).</summary>
internal sealed class MessagePackUndefined
{
    private MessagePackUndefined()
    {
    }

    /// <summary>The one instance.</summary>
    public static MessagePackUndefined Value { get; } = new();
}
