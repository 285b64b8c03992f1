// The Socket.IO server the interop tests in interop-tests/socketio/ drive with the real npm socket.io-client.
// Listens on http://127.0.0.1:$PORT; Socket.IO at /socket.io/, a readiness probe at /health.
// CSR=1 turns on connection state recovery (events then carry an offset as their last argument).
// JWT_KEY (with JWT_ISSUER, JWT_AUDIENCE) turns on JWT handshake authentication and the /secure namespaces.
// The events it answers are listed in TestEvents, ProbeEvents and TestNamespaces.
using System.Text.RegularExpressions;
using SocketIo.Server;
using SocketIoTestServer;

var builder = WebApplication.CreateBuilder(args);
var port = Environment.GetEnvironmentVariable("PORT") ?? "3000";
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

var recovery = Environment.GetEnvironmentVariable("CSR") == "1";
var socketIo = builder.Services.AddSocketIo(options =>
{
    if (recovery)
    {
        options.ConnectionStateRecovery = new ConnectionStateRecoveryOptions { MaxDisconnectionDuration = TimeSpan.FromSeconds(30) };
    }
});
builder.Services.AddSingleton<DisconnectReasons>();
if (JwtNamespaces.IsEnabled)
{
    JwtNamespaces.AddServices(builder.Services, socketIo);
}

var app = builder.Build();
app.MapGet("/health", () => "ok");
app.MapSocketIo("/socket.io/");

var io = app.Services.GetRequiredService<SocketIoServer>();
var reasons = app.Services.GetRequiredService<DisconnectReasons>();
TestNamespaces.Configure(io, reasons, new Regex(@"^/dynamic-\d+$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
if (JwtNamespaces.IsEnabled)
{
    JwtNamespaces.Configure(io, reasons);
}

app.Run();
