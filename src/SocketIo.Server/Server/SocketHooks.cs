namespace SocketIo.Server;

/// <summary>
/// A socket's catch-all listeners and middlewares, made when the first is added: most sockets have none, and an idle
/// socket should not carry three empty slots for them. Each array is copy-on-write (<see cref="CopyOnWrite"/>).
/// </summary>
internal sealed class SocketHooks
{
    // Fields, not properties: they are replaced through references (CopyOnWrite.Update, Volatile.Read).
    internal Action<string, SocketIoArguments>[] Any = [];
    internal Action<string, SocketIoArguments>[] AnyOutgoing = [];
    internal Func<SocketIoEventContext, Func<ValueTask>, ValueTask>[] Middlewares = [];
}
