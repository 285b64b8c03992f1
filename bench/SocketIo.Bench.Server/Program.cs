// The benchmark server of issue 6: the same contract as bench/node-server/server.mjs.
// websocket transport only; "echo" acks with the same arguments; "join" (room) joins and acks; "broadcast" (room,
// payload) emits "bcast" with the payload to the room and acks; GET /stats -> {pid, rss, clients}; port from PORT.
using System.Diagnostics;
using SocketIo.Server;
using SocketIo.Server.Engine;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var port = Environment.GetEnvironmentVariable("PORT") ?? "3000";
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

// Generous limits on purpose: the load generator opens every connection from 127.0.0.1 and sends as fast as the
// scenario asks, so the per-IP/per-user connection caps and the inbound rate limit are off; the bench must measure
// the server, not its throttling.
builder.Services.AddSocketIo(o =>
{
    o.MaxConnectionsPerUser = null;
    o.InboundRateLimit = null;
}).ConfigureEngine(e =>
{
    e.Transports = EngineTransports.WebSocket;
    e.MaxConnectionsPerIp = null;
});

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
    socket.On("join", (string room, SocketIoAck ack) =>
    {
        socket.Join(room);
        ack.Send();
    });
    socket.On("broadcast", (SocketIoArguments args, SocketIoAck ack) =>
    {
        var items = args.ToArray();
        var room = items[0]?.ToString() ?? string.Empty;
        io.To(room).Emit("bcast", items[1]);
        ack.Send();
    });
});

app.Run();
