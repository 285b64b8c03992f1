// The chat sample: a browser chat (wwwroot/) on SocketIoSharp with JWT handshake authentication, rooms, presence,
// typing notices and connection state recovery. The protocol is in README.md beside this file.
//   dotnet run --project samples/Chat [-- --urls http://127.0.0.1:PORT] [--redis redis://HOST:PORT]
using Chat;
using Microsoft.Extensions.FileProviders;
using SocketIo.Server;

// The content root is the output folder, where the build puts wwwroot/ and socket.io-client/: the app finds its
// files wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls("http://localhost:3000");
}

var tokens = DevTokens.FromConfiguration(builder.Configuration, TimeProvider.System);
builder.Services.AddSingleton(tokens);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddAuthentication().AddJwtBearer(o =>
{
    o.MapInboundClaims = false;
    o.TokenValidationParameters = tokens.ValidationParameters;
});
builder.Services.AddAuthorization();

var socketIo = builder.Services.AddSocketIo(o => o.ConnectionStateRecovery = new()).AddJwtHandshakeAuthentication();
if (builder.Configuration["redis"] is { Length: > 0 } redis)
{
    // Classic pub/sub with the channel prefix "socket.io": what @socket.io/redis-adapter uses by default.
    socketIo.AddRedisAdapter(redis);
}

builder.Services.AddSingleton<Presence>();
builder.Services.AddSingleton<RoomHistory>();
builder.Services.AddSingleton<ChatEvents>();

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseStaticFiles(new StaticFileOptions
{
    FileProvider = new PhysicalFileProvider(Path.Combine(app.Environment.ContentRootPath, "socket.io-client")),
    RequestPath = "/socket.io-client",
});
LoginEndpoint.Map(app);
NodeEndpoint.Map(app, NodeEndpoint.NameFrom(app.Configuration));
app.MapSocketIo();
app.Services.GetRequiredService<ChatEvents>().Register();

app.Run();
