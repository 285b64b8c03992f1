using System.Collections.Concurrent;
using SocketIo.Server.Engine;

namespace SocketIo.Server.Tests.Support;

/// <summary>Echoes every message and records what happened, with awaitable closes.</summary>
internal sealed class RecordingHandler : IEngineConnectionHandler
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<EngineCloseReason>> _closes = new();
    private readonly TaskCompletionSource<EngineConnection> _firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Echo { get; init; } = true;

    public ConcurrentQueue<(string Sid, byte[] Data, bool IsBinary)> Messages { get; } = new();

    public ConcurrentDictionary<string, EngineConnection> Connections { get; } = new();

    public Task<EngineConnection> FirstConnection => _firstConnection.Task;

    public ValueTask OnConnectedAsync(EngineConnection connection)
    {
        Closed(connection.Id);
        Connections[connection.Id] = connection;
        _firstConnection.TrySetResult(connection);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnMessageAsync(EngineConnection connection, ReadOnlyMemory<byte> data, bool isBinary)
    {
        Messages.Enqueue((connection.Id, data.ToArray(), isBinary));
        if (Echo)
        {
            connection.Send(isBinary ? EngineMessage.Binary(data.Span) : EngineMessage.Text(data.Span));
        }

        return ValueTask.CompletedTask;
    }

    public void OnClosed(EngineConnection connection, EngineCloseReason reason) => Closed(connection.Id).TrySetResult(reason);

    /// <summary>Completes with the close reason of session <paramref name="sid"/>.</summary>
    public Task<EngineCloseReason> ClosedAsync(string sid) =>
        Closed(sid).Task.WaitAsync(TimeSpan.FromSeconds(10));

    private TaskCompletionSource<EngineCloseReason> Closed(string sid) =>
        _closes.GetOrAdd(sid, _ => new TaskCompletionSource<EngineCloseReason>(TaskCreationOptions.RunContinuationsAsynchronously));
}
