// A fresh ASP.NET Core host built against the packed SocketIo.Server and SocketIo.Adapter.Redis packages (not the
// projects): the packaging test copies it into a temporary folder next to a csproj that references them by version.
// PORT: where to listen; REDIS_URL: the Redis the adapter uses.
using SocketIo.Server;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{Environment.GetEnvironmentVariable("PORT") ?? "3000"}");
builder.Services.AddSocketIo()
    .AddRedisAdapter(Environment.GetEnvironmentVariable("REDIS_URL") ?? "redis://127.0.0.1:6379");

var app = builder.Build();
app.MapGet("/health", () => "ok");
app.MapSocketIo();

var io = app.Services.GetRequiredService<SocketIoServer>();
io.OnConnection(socket =>
{
    // The adapter's type says the Redis package is the one in use; the server count comes from Redis (PUBSUB NUMSUB).
    socket.On("hello", async (string name) => new
    {
        greeting = $"hello {name}",
        adapter = socket.Namespace.Adapter.GetType().Name,
        servers = await socket.Namespace.Adapter.GetServerCountAsync(),
    });
});

app.Run();
