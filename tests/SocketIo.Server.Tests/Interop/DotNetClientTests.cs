using System.Text.Json;
using System.Text.Json.Serialization;
using SocketIo.Server.Tests.Support;
using SocketIOClient;

namespace SocketIo.Server.Tests.Interop;

/// <summary>
/// Round trips between the server and the .NET client package <c>SocketIOClient</c> 3.0.6, over polling and over
/// WebSocket.
/// </summary>
public sealed class DotNetClientTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private SocketIoTestServer? _server;
    private DotNetClients? _clients;

    public static TheoryData<string> Transports => DotNetClients.Transports;

    private DotNetClients Clients => _clients ?? throw new InvalidOperationException("Start the server first.");

    public async ValueTask DisposeAsync()
    {
        if (_clients is not null)
        {
            await _clients.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Connects_and_the_connection_listener_sees_the_handshake_auth(string transport)
    {
        var connected = NewSource<(string Id, string Namespace, string Transport, JsonElement Auth)>();
        await StartAsync(io => io.OnConnection(socket => connected.TrySetResult(
            (socket.Id, socket.Namespace.Name, socket.Connection.TransportName, socket.Handshake.Auth.Clone()))));

        var client = await Clients.ConnectAsync(transport, auth: new { token = "abc", level = 3 });

        var (id, namespaceName, transportName, auth) = await connected.Task.WaitAsync(Patience);
        client.Id.Should().Be(id);
        namespaceName.Should().Be("/");
        transportName.Should().Be(transport);
        auth.GetProperty("token").GetString().Should().Be("abc");
        auth.GetProperty("level").GetInt32().Should().Be(3);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_client_event_binds_typed_arguments_and_its_return_value_is_the_ack(string transport)
    {
        await StartAsync(io => io.OnConnection(socket => socket.On("add", (int a, int b) => a + b)));
        var client = await Clients.ConnectAsync(transport);

        var sum = NewSource<int>();
        await client.EmitAsync("add", response => Complete(sum, () => response.GetValue<int>(0)), 2, 40);

        (await sum.Task.WaitAsync(Patience)).Should().Be(42);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_client_event_without_ack_reaches_the_server_listener(string transport)
    {
        var received = NewSource<Greeting>();
        await StartAsync(io => io.OnConnection(socket => socket.On("hello", (Greeting greeting) => received.TrySetResult(greeting))));
        var client = await Clients.ConnectAsync(transport);

        await client.EmitAsync("hello", new Greeting { Text = "hi", Count = 2 });

        var greeting = await received.Task.WaitAsync(Patience);
        greeting.Text.Should().Be("hi");
        greeting.Count.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_server_emit_in_the_connection_listener_reaches_the_client(string transport)
    {
        await StartAsync(io => io.OnConnection(socket => socket.Emit("welcome", "hello", new Greeting { Text = "hi", Count = 7 })));
        var client = Clients.Create(transport);
        var welcome = NewSource<(string, Greeting)>();
        client.On("welcome", response => Complete(welcome, () => (response.GetValue<string>(0), response.GetValue<Greeting>(1))));

        await DotNetClients.ConnectAsync(client);

        var (text, greeting) = await welcome.Task.WaitAsync(Patience);
        text.Should().Be("hello");
        greeting.Text.Should().Be("hi");
        greeting.Count.Should().Be(7);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_server_emit_with_ack_is_answered_by_the_client(string transport)
    {
        var connected = NewSource<Socket>();
        await StartAsync(io => io.OnConnection(socket => connected.TrySetResult(socket)));
        var client = Clients.Create(transport);
        client.On("question", response => _ = response.CallbackAsync("answer to " + response.GetValue<string>(0), 42));
        await DotNetClients.ConnectAsync(client);
        var socket = await connected.Task.WaitAsync(Patience);

        var answer = await socket.EmitWithAckAsync("question", ["life"]).WaitAsync(Patience);

        answer.Should().HaveCount(2);
        answer.GetValue<string>(0).Should().Be("answer to life");
        answer.GetValue<int>(1).Should().Be(42);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_client_ack_can_carry_binary(string transport)
    {
        var connected = NewSource<Socket>();
        await StartAsync(io => io.OnConnection(socket => connected.TrySetResult(socket)));
        var client = Clients.Create(transport);
        client.On("fetch", response => _ = response.CallbackAsync(
            new byte[] { 1, 2, 3 },
            new Attachment { Name = response.GetValue<string>(0), Content = [4, 5] }));
        await DotNetClients.ConnectAsync(client);
        var socket = await connected.Task.WaitAsync(Patience);

        var answer = await socket.EmitWithAckAsync("fetch", ["photo"]).WaitAsync(Patience);

        answer.Should().HaveCount(2);
        answer.GetValue<byte[]>(0).Should().Equal(1, 2, 3);
        var attachment = answer.GetValue<Attachment>(1)!;
        attachment.Name.Should().Be("photo");
        attachment.Content.Should().Equal(4, 5);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Binary_from_the_client_binds_on_the_server_and_a_binary_ack_comes_back(string transport)
    {
        var received = NewSource<(byte[] Data, Attachment File)>();
        await StartAsync(io => io.OnConnection(socket => socket.On("upload", (byte[] data, Attachment file) =>
        {
            received.TrySetResult((data, file));
            return new Attachment { Name = file.Name + ".reversed", Content = [.. file.Content.Reverse()] };
        })));
        var client = await Clients.ConnectAsync(transport);

        var ack = NewSource<Attachment>();
        await client.EmitAsync(
            "upload",
            response => Complete(ack, () => response.GetValue<Attachment>(0)),
            new byte[] { 0, 1, 2, 255 },
            new Attachment { Name = "file.bin", Content = [10, 20, 30] });

        var (data, file) = await received.Task.WaitAsync(Patience);
        data.Should().Equal(0, 1, 2, 255);
        file.Name.Should().Be("file.bin");
        file.Content.Should().Equal(10, 20, 30);
        var reply = await ack.Task.WaitAsync(Patience);
        reply.Name.Should().Be("file.bin.reversed");
        reply.Content.Should().Equal(30, 20, 10);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Binary_from_the_server_reaches_the_client(string transport)
    {
        await StartAsync(io => io.OnConnection(socket => socket.On("download", () =>
            socket.Emit("file", new byte[] { 9, 8, 7 }, new Attachment { Name = "nested", Content = [0, 128, 255] }))));
        var client = await Clients.ConnectAsync(transport);
        var file = NewSource<(byte[], Attachment)>();
        client.On("file", response => Complete(file, () => (response.GetValue<byte[]>(0), response.GetValue<Attachment>(1))));

        await client.EmitAsync("download");

        var (data, attachment) = await file.Task.WaitAsync(Patience);
        data.Should().Equal(9, 8, 7);
        attachment.Name.Should().Be("nested");
        attachment.Content.Should().Equal(0, 128, 255);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_client_of_a_custom_namespace_talks_to_that_namespace_only(string transport)
    {
        var chatConnected = NewSource<Socket>();
        await StartAsync(io =>
        {
            io.OnConnection(socket => socket.On("whoami", () => "main"));
            io.Of("/chat").OnConnection(socket =>
            {
                socket.On("whoami", () => "chat");
                chatConnected.TrySetResult(socket);
            });
        });

        var chat = await Clients.ConnectAsync(transport, "/chat");
        var main = await Clients.ConnectAsync(transport);

        var chatSocket = await chatConnected.Task.WaitAsync(Patience);
        chatSocket.Id.Should().Be(chat.Id);
        (await AskAsync<string>(chat, "whoami")).Should().Be("chat");
        (await AskAsync<string>(main, "whoami")).Should().Be("main");
        _server!.Io.Of("/chat").Sockets.Keys.Should().Equal(chat.Id);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_room_broadcast_reaches_the_members_and_not_the_others(string transport)
    {
        await StartAsync(io => io.OnConnection(socket => socket.On("join", (string room) =>
        {
            socket.Join(room);
            return true;
        })));
        var first = await Clients.ConnectAsync(transport);
        var second = await Clients.ConnectAsync(transport);
        var outsider = await Clients.ConnectAsync(transport);
        (await AskAsync<bool>(first, "join", "news")).Should().BeTrue();
        (await AskAsync<bool>(second, "join", "news")).Should().BeTrue();

        var heard = new[] { first, second, outsider }.Select(ListenForNewsUntilDone).ToArray();
        _server!.Io.To("news").Emit("news", "extra!");
        // Every client gets "done" after anything broadcast before it, so the outsider's list is final by then.
        _server.Io.Emit("done");

        var lists = await Task.WhenAll(heard).WaitAsync(Patience);
        lists[0].Should().Equal("extra!");
        lists[1].Should().Equal("extra!");
        lists[2].Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_middleware_refusal_reaches_the_client_error_callback(string transport)
    {
        await StartAsync(io => io.Use((socket, _) =>
            socket.Handshake.Auth.TryGetProperty("token", out var token) && token.GetString() == "secret"
                ? ValueTask.CompletedTask
                : throw new ConnectionRefusedException("not authorized", new { code = 401 })));

        var refused = Clients.Create(transport, auth: new { token = "wrong" });
        var error = NewSource<string>();
        refused.OnError += (_, message) => error.TrySetResult(message);
        var connecting = refused.ConnectAsync();

        (await error.Task.WaitAsync(Patience)).Should().Be("not authorized");
        refused.Connected.Should().BeFalse();
        await connecting.WaitAsync(Patience);

        var accepted = await Clients.ConnectAsync(transport, auth: new { token = "secret" });
        accepted.Connected.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_client_disconnect_is_seen_by_the_server_as_a_client_namespace_disconnect(string transport)
    {
        var reason = NewSource<string>();
        await StartAsync(io => io.OnConnection(socket => socket.On("disconnect", (string why) => reason.TrySetResult(why))));
        var client = await Clients.ConnectAsync(transport);

        await client.DisconnectAsync().WaitAsync(Patience);

        (await reason.Task.WaitAsync(Patience)).Should().Be("client namespace disconnect");
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_server_disconnect_is_seen_by_the_client(string transport)
    {
        var serverReason = NewSource<string>();
        await StartAsync(io => io.OnConnection(socket =>
        {
            socket.On("disconnect", (string why) => serverReason.TrySetResult(why));
            socket.On("kick-me", () => socket.Disconnect());
        }));
        var client = await Clients.ConnectAsync(transport);
        var clientReason = NewSource<string>();
        client.OnDisconnected += (_, why) => clientReason.TrySetResult(why);

        await client.EmitAsync("kick-me");

        (await clientReason.Task.WaitAsync(Patience)).Should().Be("io server disconnect");
        (await serverReason.Task.WaitAsync(Patience)).Should().Be("server namespace disconnect");
        client.Connected.Should().BeFalse();
    }

    private static TaskCompletionSource<T> NewSource<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes <paramref name="source"/> with what <paramref name="read"/> returns, or with its exception.</summary>
    private static void Complete<T>(TaskCompletionSource<T> source, Func<T> read)
    {
        try
        {
            source.TrySetResult(read());
        }
        catch (Exception exception)
        {
            source.TrySetException(exception);
        }
    }

    private static async Task<T> AskAsync<T>(SocketIOClient.SocketIO client, string eventName, params object[] arguments)
    {
        var answer = NewSource<T>();
        await client.EmitAsync(eventName, response => Complete(answer, () => response.GetValue<T>(0)), arguments);
        return await answer.Task.WaitAsync(Patience);
    }

    private static Task<List<string>> ListenForNewsUntilDone(SocketIOClient.SocketIO client)
    {
        var news = new List<string>();
        var done = NewSource<List<string>>();
        client.On("news", response => news.Add(response.GetValue<string>(0)));
        client.On("done", _ => done.TrySetResult(news));
        return done.Task;
    }

    private async Task StartAsync(Action<SocketIoServer> configureIo)
    {
        _server = await SocketIoTestServer.StartAsync(configureIo: configureIo);
        _clients = new DotNetClients(_server.BaseUri);
    }

    /// <summary>A JSON argument; the wire names are pinned because the two sides use different naming defaults.</summary>
    public sealed class Greeting
    {
        [JsonPropertyName("text")]
        public string Text { get; set; } = "";

        [JsonPropertyName("count")]
        public int Count { get; set; }
    }

    /// <summary>An object argument with a binary property, sent as a Socket.IO binary attachment.</summary>
    public sealed class Attachment
    {
        [JsonPropertyName("name")]
        public string Name { get; set; } = "";

        [JsonPropertyName("content")]
        public byte[] Content { get; set; } = [];
    }
}
