// The Socket.IO server the interop tests in interop-tests/socketio/ drive with the real npm socket.io-client.
// Listens on http://127.0.0.1:$PORT; Socket.IO at /socket.io/, a readiness probe at /health.
// CSR=1 turns on connection state recovery (events then carry an offset as their last argument).
// JWT_KEY (with JWT_ISSUER, JWT_AUDIENCE) turns on JWT handshake authentication and the /secure namespaces.
// Options bind from configuration too, so a test sets limits through the environment, e.g.
// SocketIo__InboundRateLimit__Burst=20, SocketIo__MaxConnectionsPerUser=2, Engine__MaxConnectionsPerIp=3.
// USER_FROM_QUERY=1 makes a handshake's ?user=<name> the request's user (and so Socket.User): a stand-in for real
// authentication in the per-user cap tests.
// The events it answers are listed in TestEvents, ProbeEvents and TestNamespaces.
using System.Security.Claims;
using System.Text.RegularExpressions;
using SocketIo.Server;
using SocketIoTestServer;

var builder = WebApplication.CreateBuilder(args);
var port = Environment.GetEnvironmentVariable("PORT") ?? "3000";
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

var recovery = Environment.GetEnvironmentVariable("CSR") == "1";
var socketIo = builder.Services.AddSocketIo(options =>
{
    builder.Configuration.GetSection("SocketIo").Bind(options);
    if (recovery)
    {
        options.ConnectionStateRecovery = new ConnectionStateRecoveryOptions { MaxDisconnectionDuration = TimeSpan.FromSeconds(30) };
    }
}).ConfigureEngine(options => builder.Configuration.GetSection("Engine").Bind(options));
builder.Services.AddSingleton<DisconnectReasons>();
if (JwtNamespaces.IsEnabled)
{
    JwtNamespaces.AddServices(builder.Services, socketIo);
}

var app = builder.Build();
app.MapGet("/health", () => "ok");
if (Environment.GetEnvironmentVariable("USER_FROM_QUERY") == "1")
{
    app.Use((context, next) =>
    {
        if (context.Request.Query["user"] is [{ Length: > 0 } user])
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user)], "query"));
        }

        return next(context);
    });
}

app.MapSocketIo("/socket.io/");

var io = app.Services.GetRequiredService<SocketIoServer>();
var reasons = app.Services.GetRequiredService<DisconnectReasons>();
TestNamespaces.Configure(io, reasons, new Regex(@"^/dynamic-\d+$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
if (JwtNamespaces.IsEnabled)
{
    JwtNamespaces.Configure(io, reasons);
}

app.Run();
