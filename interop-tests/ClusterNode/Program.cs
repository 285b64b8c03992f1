// One .NET node of a Redis-adapter cluster for interop-tests/cluster: SocketIoSharp with SocketIo.Adapter.Redis,
// the twin of interop-tests/support/cluster-node.mjs (same environment, namespaces, handshake behaviour, server-side
// listeners and control API; see there). Listens on http://127.0.0.1:$PORT; /health answers once started.
using ClusterNode;
using SocketIo.Adapter.Redis;
using SocketIo.Server;

var settings = NodeSettings.FromEnvironment();
var counters = new NodeCounters();
TaskScheduler.UnobservedTaskException += (_, e) => counters.OnUnobservedTaskException(e.Exception);

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{settings.Port}");
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(counters);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<TickStream>();
builder.Services.AddSingleton<ControlApi>();
builder.Services.AddSocketIo().AddRedisAdapter(options =>
{
    options.Connection.Host = settings.RedisHost;
    options.Connection.Port = settings.RedisPort;
    options.Mode = settings.Sharded ? RedisAdapterMode.Sharded : RedisAdapterMode.Classic;
    options.Key = settings.Key;
    options.RequestsTimeout = settings.RequestsTimeout;
    options.SubscriptionMode = settings.SubscriptionMode switch
    {
        "static" => RedisSubscriptionMode.Static,
        "dynamic" => RedisSubscriptionMode.Dynamic,
        "dynamic-private" => RedisSubscriptionMode.DynamicPrivate,
        var other => throw new InvalidOperationException($"SUBSCRIPTION_MODE must be static, dynamic or dynamic-private, not '{other}'"),
    };
});

var app = builder.Build();
app.MapGet("/health", () => "ok");
app.MapSocketIo("/socket.io/");
app.Services.GetRequiredService<ControlApi>().Map(app);
ClusterNamespaces.Configure(app.Services.GetRequiredService<SocketIoServer>(), settings.Name);

app.Run();
