// The benchmark server of issue 6: the same contract as bench/node-server/server.mjs.
// websocket and polling transports; "echo" acks with the same arguments; "join" (room, or an array of rooms) joins
// and acks; "broadcast" (room or rooms, payload: a string, JSON or binary) emits "bcast" with the payload to the
// room(s) and acks; GET /stats -> {pid, rss, clients}; port from PORT; `--redis <url>` or REDIS_URL switches to the
// Redis adapter (classic pub/sub, the default "socket.io" channel prefix) so several nodes share rooms.
using System.Diagnostics;
using System.Text.Json;
using SocketIo.Adapter.Redis;
using SocketIo.Server;
using SocketIo.Server.Engine;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var port = Environment.GetEnvironmentVariable("PORT") ?? "3000";
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var redisUrl = RedisUrl(args) ?? Environment.GetEnvironmentVariable("REDIS_URL");

// Generous limits on purpose: the load generator opens every connection from 127.0.0.x and sends as fast as the
// scenario asks, so the per-IP/per-user connection caps, the room cap and the inbound rate limit are off; the bench
// must measure the server, not its throttling. Polling is allowed beside websocket for the polling scenario; the
// other scenarios open websocket directly (transport=websocket), as the Node reference allows too.
var socketIo = builder.Services.AddSocketIo(o =>
{
    o.MaxConnectionsPerUser = null;
    o.MaxRoomsPerSocket = null;
    o.InboundRateLimit = null;
}).ConfigureEngine(e =>
{
    e.Transports = EngineTransports.All;
    e.MaxConnectionsPerIp = null;

    // WebSocket handshakes served in Kestrel's connection layer (the deployment choice for many idle connections:
    // no HTTP/1.1 request objects per upgraded connection). BENCH_HTTP_WEBSOCKETS=1 measures the HTTP pipeline path.
    e.ConnectionLevelWebSockets = Environment.GetEnvironmentVariable("BENCH_HTTP_WEBSOCKETS") != "1";
});
if (!string.IsNullOrEmpty(redisUrl))
{
    socketIo.AddRedisAdapter(redisUrl);
}

var app = builder.Build();
app.MapSocketIo("/socket.io/");

var clients = 0;
app.MapGet("/stats", () =>
{
    using var self = Process.GetCurrentProcess();
    return Results.Json(new { pid = Environment.ProcessId, rss = self.WorkingSet64, clients = Volatile.Read(ref clients) });
});

var io = app.Services.GetRequiredService<SocketIoServer>();
io.OnConnection(socket =>
{
    Interlocked.Increment(ref clients);
    socket.On("disconnect", () => Interlocked.Decrement(ref clients));
    socket.On("echo", (SocketIoArguments args, SocketIoAck ack) => { ack.Send(args.ToArray()); });
    socket.On("join", (SocketIoArguments args, SocketIoAck ack) =>
    {
        socket.Join(Rooms(args[0]));
        ack.Send();
    });
    socket.On("broadcast", (SocketIoArguments args, SocketIoAck ack) =>
    {
        io.To(Rooms(args[0])).Emit("bcast", args.Count > 1 ? args[1] : null);
        ack.Send();
    });
});

app.Run();

// A room argument: one name, or a JSON array of names.
static string[] Rooms(object? value) => value switch
{
    JsonElement { ValueKind: JsonValueKind.Array } array => [.. array.EnumerateArray().Select(e => e.GetString() ?? string.Empty)],
    JsonElement { ValueKind: JsonValueKind.String } name => [name.GetString()!],
    _ => [value?.ToString() ?? string.Empty],
};

static string? RedisUrl(string[] args)
{
    var i = Array.IndexOf(args, "--redis");
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
