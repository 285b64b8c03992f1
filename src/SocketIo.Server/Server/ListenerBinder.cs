using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace SocketIo.Server;

/// <summary>
/// Compiles, once per delegate type, a call that binds a listener's parameters from an <see cref="EventInvocation"/>,
/// the way minimal APIs bind a route handler: <see cref="Socket"/>, <see cref="SocketIoArguments"/>,
/// <see cref="SocketIoAck"/> and <see cref="CancellationToken"/> by type, every other parameter from the event's
/// arguments in order (through <see cref="SocketIoArguments.GetValue{T}(int)"/>). A returned value (or awaited
/// task result) becomes the acknowledgement when the client asked for one.
/// </summary>
/// <remarks>
/// The listener itself is a parameter of the compiled call, not a constant in it: a listener is usually a lambda
/// capturing its socket, so every connection registers new delegates of the same few types, and compiling per
/// delegate would cost a dynamic method (about a kilobyte and tens of microseconds) per listener per connection.
/// </remarks>
internal static class ListenerBinder
{
    private static readonly MethodInfo ArgumentMethod = typeof(EventInvocation).GetMethod(nameof(EventInvocation.Argument))!;
    private static readonly MethodInfo FromVoidMethod = typeof(ListenerBinder).GetMethod(nameof(FromVoid), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo FromValueMethod = typeof(ListenerBinder).GetMethod(nameof(FromValue), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo FromTaskMethod = typeof(ListenerBinder).GetMethod(nameof(FromTask), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo FromTaskOfMethod = typeof(ListenerBinder).GetMethod(nameof(FromTaskOf), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo FromValueTaskOfMethod = typeof(ListenerBinder).GetMethod(nameof(FromValueTaskOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly ConcurrentDictionary<Type, Func<Delegate, EventInvocation, ValueTask>> Invokers = new();

    /// <summary>The call that invokes listeners of <paramref name="listener"/>'s type, binding their parameters.</summary>
    public static Func<Delegate, EventInvocation, ValueTask> Bind(Delegate listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return Invokers.GetOrAdd(listener.GetType(), static type => Compile(type));
    }

    private static Func<Delegate, EventInvocation, ValueTask> Compile(Type delegateType)
    {
        var method = delegateType.GetMethod("Invoke")!;
        var handler = Expression.Parameter(typeof(Delegate), "listener");
        var invocation = Expression.Parameter(typeof(EventInvocation), "invocation");
        var arguments = new List<Expression>();
        var position = 0;
        foreach (var parameter in method.GetParameters())
        {
            var type = parameter.ParameterType;
            if (type.IsByRef)
            {
                throw new ArgumentException($"Listener parameter '{parameter.Name}' is passed by reference; listeners take values.", nameof(delegateType));
            }

            if (type == typeof(Socket))
            {
                arguments.Add(Expression.Property(invocation, nameof(EventInvocation.Socket)));
            }
            else if (type == typeof(SocketIoArguments))
            {
                arguments.Add(Expression.Property(invocation, nameof(EventInvocation.Arguments)));
            }
            else if (type == typeof(SocketIoAck))
            {
                arguments.Add(Expression.Property(invocation, nameof(EventInvocation.Ack)));
            }
            else if (type == typeof(CancellationToken))
            {
                arguments.Add(Expression.Property(invocation, nameof(EventInvocation.CancellationToken)));
            }
            else
            {
                arguments.Add(Expression.Call(invocation, ArgumentMethod.MakeGenericMethod(type), Expression.Constant(position++)));
            }
        }

        Expression call = Expression.Invoke(Expression.Convert(handler, delegateType), arguments);
        var body = WrapResult(call, method.ReturnType, invocation);
        return Expression.Lambda<Func<Delegate, EventInvocation, ValueTask>>(body, handler, invocation).Compile();
    }

    private static Expression WrapResult(Expression call, Type returnType, ParameterExpression invocation)
    {
        if (returnType == typeof(void))
        {
            return Expression.Block(call, Expression.Call(FromVoidMethod));
        }

        if (returnType == typeof(ValueTask))
        {
            return call;
        }

        if (returnType == typeof(Task))
        {
            return Expression.Call(FromTaskMethod, call);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return Expression.Call(FromTaskOfMethod.MakeGenericMethod(returnType.GetGenericArguments()[0]), call, invocation);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return Expression.Call(FromValueTaskOfMethod.MakeGenericMethod(returnType.GetGenericArguments()[0]), call, invocation);
        }

        return Expression.Call(FromValueMethod.MakeGenericMethod(returnType), call, invocation);
    }

    private static ValueTask FromVoid() => ValueTask.CompletedTask;

    private static ValueTask FromTask(Task task) => new(task);

    private static ValueTask FromValue<T>(T value, EventInvocation invocation)
    {
        invocation.Ack.Send(value);
        return ValueTask.CompletedTask;
    }

    private static async ValueTask FromTaskOf<T>(Task<T> task, EventInvocation invocation) =>
        invocation.Ack.Send(await task.ConfigureAwait(false));

    private static async ValueTask FromValueTaskOf<T>(ValueTask<T> task, EventInvocation invocation) =>
        invocation.Ack.Send(await task.ConfigureAwait(false));
}
