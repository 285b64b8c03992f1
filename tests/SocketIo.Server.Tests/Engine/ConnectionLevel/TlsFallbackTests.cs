using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Engine.ConnectionLevel;

/// <summary>
/// Endpoints declared in code get the connection layer too (even when declared before <c>AddEngineIo</c>); a TLS
/// endpoint's bytes are no request head, so its handshakes go through the pipeline, over TLS.
/// </summary>
public class TlsFallbackTests
{
    [Fact]
    public async Task A_websocket_over_tls_falls_back_to_the_pipeline_and_a_plain_one_does_not()
    {
        using var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
            k.Listen(IPAddress.Loopback, 0);
        });
        builder.Services.AddEngineIo(o => o.ConnectionLevelWebSockets = true);
        await using var app = builder.Build();
        var pipelineWebSockets = 0;
        app.Use((context, next) =>
        {
            if (context.Request.Headers.Upgrade.Count > 0)
            {
                Interlocked.Increment(ref pipelineWebSockets);
            }

            return next(context);
        });
        app.MapEngineIo("/engine.io/", new RecordingHandler());
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        var address = addresses.Single(a => a.Scheme == "https");
        var plain = addresses.Single(a => a.Scheme == "http");

        using var handler = new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString() } };
        using var invoker = new HttpMessageInvoker(handler);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(address) { Scheme = "wss", Path = "/engine.io/", Query = "EIO=4&transport=websocket" }.Uri, invoker, CancellationToken.None);

        (await socket.ReceiveTextAsync()).Should().StartWith("0{");
        Volatile.Read(ref pipelineWebSockets).Should().Be(1);

        using var plainSocket = new ClientWebSocket();
        await plainSocket.ConnectAsync(new UriBuilder(plain) { Scheme = "ws", Path = "/engine.io/", Query = "EIO=4&transport=websocket" }.Uri, CancellationToken.None);
        (await plainSocket.ReceiveTextAsync()).Should().StartWith("0{");
        Volatile.Read(ref pipelineWebSockets).Should().Be(1);
        await app.StopAsync();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
