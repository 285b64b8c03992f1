using System.Text.Json;
using SocketIOClient;
using SocketIOClient.Transport;

namespace DotnetClient;

/// <summary>
/// One connection to the chat server, from its CONNECT to its disconnection. The client's own reconnection is off:
/// <see cref="ReconnectPolicy"/> decides when to try again, with a new connection.
/// </summary>
internal sealed class ChatConnection : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(10);

    private readonly SocketIOClient.SocketIO _socket;
    private readonly TaskCompletionSource<string> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChatConnection(SocketIOClient.SocketIO socket) => _socket = socket;

    /// <summary>Completes with the reason when the connection is lost or closed.</summary>
    public Task<string> Disconnected => _disconnected.Task;

    public string? Id => _socket.Id;

    /// <summary>Connects with the token, joined to <paramref name="room"/> from the start; throws if refused or late.</summary>
    public static async Task<ChatConnection> ConnectAsync(Uri server, string token, string room, ChatOutput output, CancellationToken cancellationToken)
    {
        var socket = new SocketIOClient.SocketIO(server, new SocketIOOptions
        {
            EIO = 4,
            Transport = TransportProtocol.WebSocket,
            AutoUpgrade = false,
            Reconnection = false,
            ConnectionTimeout = ConnectTimeout,
            // The server joins the listed rooms at CONNECT, before any queued message of this connection is handled.
            Auth = new { token, rooms = new[] { room } },
        });
        var connection = new ChatConnection(socket);
        socket.On("message", response => output.Message(response.GetValue<JsonElement>(0)));
        socket.On("presence", response => output.Presence(response.GetValue<JsonElement>(0)));
        socket.On("typing", response => output.Typing(response.GetValue<JsonElement>(0)));
        socket.OnDisconnected += (_, reason) => connection._disconnected.TrySetResult(reason);

        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.OnConnected += (_, _) => connected.TrySetResult();
        socket.OnError += (_, message) => connected.TrySetException(new ConnectionRefusedException(message));
        try
        {
            // ConnectAsync returns once the transport is open; OnConnected marks the server's CONNECT answer.
            await socket.ConnectAsync().WaitAsync(ConnectTimeout, cancellationToken);
            await connected.Task.WaitAsync(ConnectTimeout, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Joins <paramref name="room"/>; the answer lists who is in it.</summary>
    public Task<JsonElement> JoinAsync(string room, CancellationToken cancellationToken) =>
        RequestAsync("join", room, cancellationToken);

    /// <summary>Sends a message; the answer is the server's receipt (<c>{ id, at }</c>) or <c>{ error }</c>.</summary>
    public Task<JsonElement> SendAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        RequestAsync("message", new { room = message.Room, text = message.Text, clientId = message.ClientId }, cancellationToken);

    /// <summary>Closes the connection on purpose (the server stopped answering, or the user is leaving).</summary>
    public async Task CloseAsync(string reason)
    {
        try
        {
            if (_socket.Connected)
            {
                await _socket.DisconnectAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException or ObjectDisposedException)
        {
            // Closing is best effort: the connection is given up either way.
        }

        _disconnected.TrySetResult(reason);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync("closed");
        try
        {
            _socket.Dispose();
        }
        catch (NullReferenceException)
        {
            // SocketIOClient 3.0.6's Dispose assumes a connection was made; one that never connected holds nothing.
        }
    }

    private async Task<JsonElement> RequestAsync(string eventName, object argument, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _socket.EmitAsync(eventName, response => answer.TrySetResult(response.GetValue<JsonElement>(0)), argument);
        var first = await Task.WhenAny(answer.Task, Disconnected).WaitAsync(AckTimeout, cancellationToken);
        return first == answer.Task
            ? answer.Task.Result
            : throw new ConnectionLostException($"the connection was lost before the {eventName} acknowledgement");
    }
}
