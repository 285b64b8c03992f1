namespace SocketIo.Server;

/// <summary>
/// One registered listener: the event it listens to, the delegate, and the compiled call that binds the delegate's
/// parameters. A value, so a socket's listeners are one array and not an object each.
/// </summary>
internal readonly struct EventListener(string eventName, Delegate handler, Func<Delegate, EventInvocation, ValueTask> invoker, long id)
{
    private readonly Func<Delegate, EventInvocation, ValueTask> _invoker = invoker;

    public string EventName { get; } = eventName;

    public Delegate Handler { get; } = handler;

    /// <summary>Tells two registrations of one delegate apart: disposing a registration removes its own listener.</summary>
    public long Id { get; } = id;

    public ValueTask Invoke(EventInvocation invocation) => _invoker(Handler, invocation);
}
