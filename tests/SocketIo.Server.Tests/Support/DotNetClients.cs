using SocketIOClient;
using SocketIOClient.Transport;

namespace SocketIo.Server.Tests.Support;

/// <summary>
/// Creates <c>SocketIOClient</c> (the .NET client package) connections to a test server and disconnects and disposes
/// every one of them at the end of a test.
/// </summary>
internal sealed class DotNetClients : IAsyncDisposable
{
    /// <summary>Plain HTTP long-polling, never upgraded.</summary>
    public const string Polling = "polling";

    /// <summary>WebSocket from the first request.</summary>
    public const string WebSocket = "websocket";

    private readonly Uri _baseUri;
    private readonly List<SocketIOClient.SocketIO> _created = [];

    public DotNetClients(Uri baseUri) => _baseUri = baseUri;

    public static TheoryData<string> Transports => [Polling, WebSocket];

    /// <summary>A client for <paramref name="namespaceName"/>, not yet connected.</summary>
    public SocketIOClient.SocketIO Create(string transport, string namespaceName = "/", object? auth = null)
    {
        var options = new SocketIOOptions
        {
            Path = "/socket.io",
            EIO = 4,
            Transport = transport == WebSocket ? TransportProtocol.WebSocket : TransportProtocol.Polling,
            // The client's AutoUpgrade is no Engine.IO upgrade: it probes with a polling handshake it then abandons
            // and opens a second session over WebSocket. Each transport is tested on its own instead.
            AutoUpgrade = false,
            // A test wants to see each disconnect and refusal as it happens, not a retry hiding it.
            Reconnection = false,
            ConnectionTimeout = TimeSpan.FromSeconds(10),
            Auth = auth,
        };

        // The client takes the namespace from the URI's path.
        var client = new SocketIOClient.SocketIO(new Uri(_baseUri, namespaceName), options);
        lock (_created)
        {
            _created.Add(client);
        }

        return client;
    }

    /// <summary>Creates a client and connects it.</summary>
    public async Task<SocketIOClient.SocketIO> ConnectAsync(string transport, string namespaceName = "/", object? auth = null)
    {
        var client = Create(transport, namespaceName, auth);
        await ConnectAsync(client);
        return client;
    }

    /// <summary>Connects <paramref name="client"/> and waits for the server's CONNECT reply.</summary>
    /// <remarks>
    /// The client's own <c>ConnectAsync</c> returns once the transport is open, before the namespace is joined (over
    /// polling, often before the CONNECT packet is even sent); its <c>OnConnected</c> event marks the real moment.
    /// </remarks>
    public static async Task ConnectAsync(SocketIOClient.SocketIO client)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnConnected(object? sender, EventArgs e) => connected.TrySetResult();
        void OnError(object? sender, string message) =>
            connected.TrySetException(new InvalidOperationException($"The connection was refused: {message}"));

        client.OnConnected += OnConnected;
        client.OnError += OnError;
        try
        {
            await client.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(15));
            await connected.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            client.OnConnected -= OnConnected;
            client.OnError -= OnError;
        }

        client.Connected.Should().BeTrue();
    }

    public async ValueTask DisposeAsync()
    {
        SocketIOClient.SocketIO[] created;
        lock (_created)
        {
            created = [.. _created];
        }

        foreach (var client in created)
        {
            try
            {
                if (client.Connected)
                {
                    await client.DisconnectAsync().WaitAsync(TimeSpan.FromSeconds(5));
                }
            }
            catch (Exception exception) when (exception is TimeoutException or InvalidOperationException or ObjectDisposedException)
            {
                // Teardown goes on regardless: the server is stopped next and takes the connection with it.
            }

            try
            {
                client.Dispose();
            }
            catch (NullReferenceException)
            {
                // The client's Dispose assumes ConnectAsync ran; one never connected holds nothing to release.
            }
        }
    }
}
