// The server the official compliance test-suites of socketio/engine.io-protocol and socketio/socket.io-protocol
// expect: port 3000 (or PORT), pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1e6, CORS for any origin, and
// an Engine.IO echo server at /engine.io/, and at /socket.io/ the Socket.IO server of the socket.io-protocol suite
// (connectTimeout 1000 ms; "auth" echo on "/" and "/custom"; "message" -> "message-back"; "message-with-ack").
// Engine options also bind from configuration, e.g. Engine__ConnectionLevelWebSockets=true in the environment.
using SocketIo.Server;
using SocketIo.Server.Engine;

var builder = WebApplication.CreateBuilder(args);
var port = Environment.GetEnvironmentVariable("PORT") ?? "3000";
builder.WebHost.UseUrls($"http://localhost:{port}");

builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()));
builder.Services.AddEngineIo(options =>
{
    options.PingInterval = TimeSpan.FromMilliseconds(300);
    options.PingTimeout = TimeSpan.FromMilliseconds(200);
    options.MaxHttpBufferSize = 1_000_000;
    builder.Configuration.GetSection("Engine").Bind(options);
});

builder.Services.AddSocketIo(options => options.ConnectTimeout = TimeSpan.FromMilliseconds(1000));

var app = builder.Build();
app.UseCors();
app.MapEngineIo("/engine.io/", new EchoHandler()).RequireCors(policy => policy.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod());
app.MapSocketIo("/socket.io/").RequireCors(policy => policy.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod());

var io = app.Services.GetRequiredService<SocketIoServer>();
io.OnConnection(socket =>
{
    socket.Emit("auth", socket.Handshake.Auth);
    socket.On("message", (SocketIoArguments args) => socket.Emit("message-back", args.ToArray()));
    socket.On("message-with-ack", (SocketIoArguments args, SocketIoAck ack) => { ack.Send(args.ToArray()); });
});
io.Of("/custom").OnConnection(socket => socket.Emit("auth", socket.Handshake.Auth));

app.Run();

/// <summary>Sends every message back as it came: text as text, binary as binary.</summary>
internal sealed class EchoHandler : IEngineConnectionHandler
{
    public ValueTask OnConnectedAsync(EngineConnection connection) => ValueTask.CompletedTask;

    public ValueTask OnMessageAsync(EngineConnection connection, ReadOnlyMemory<byte> data, bool isBinary)
    {
        connection.Send(isBinary ? EngineMessage.Binary(data.Span) : EngineMessage.Text(data.Span));
        return ValueTask.CompletedTask;
    }

    public void OnClosed(EngineConnection connection, EngineCloseReason reason)
    {
    }
}
