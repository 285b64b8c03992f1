using System.Net.Security;
using SocketIo.Adapter.Redis.Resp;
using SocketIo.Adapter.Redis.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Resp;

/// <summary>TLS against redis-server's own TLS port, with a certificate made at run time.</summary>
public sealed class RespTlsTests : IAsyncLifetime
{
    private RedisTestCertificate _certificate = null!;
    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync()
    {
        _certificate = RedisTestCertificate.Create();
        _redis = await RedisServerProcess.StartAsync(_certificate, "--requirepass", "tls-pw");
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        _certificate.Dispose();
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Publishes_and_subscribes_over_TLS(RedisProtocol protocol)
    {
        await using var client = await RespTestClients.StartAsync(_redis, o =>
        {
            o.Password = "tls-pw";
            o.Protocol = protocol;
        });
        var recorder = new MessageRecorder();
        await client.SubscribeAsync(new RedisChannel("secure", RedisChannelKind.Literal), recorder.Handler);

        (await client.PublishAsync(new RedisChannel("secure", RedisChannelKind.Literal), "over tls"u8.ToArray())).Should().Be(1);

        (await recorder.NextAsync()).Text.Should().Be("over tls");
        (await client.ExecuteAsync("CLIENT", "INFO")).AsString().Should().Contain($"laddr=127.0.0.1");
    }

    [Fact]
    public async Task A_rediss_URL_connects_with_TLS_and_the_validation_callback_decides()
    {
        var options = RedisConnectionOptions.Parse($"rediss://:tls-pw@127.0.0.1:{_redis.Port}");
        var callbackCalls = 0;
        options.TlsOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                Interlocked.Increment(ref callbackCalls);
                return certificate!.GetCertHashString() == _certificate.Certificate.GetCertHashString();
            },
        };
        await using var client = new RespPubSubClient(options, new RecordingLogger<RespPubSubClient>());

        await client.StartAsync();

        options.UseTls.Should().BeTrue();
        callbackCalls.Should().BeGreaterThanOrEqualTo(2, "both connections checked the certificate");
        (await client.ExecuteAsync("PING")).AsString().Should().Be("PONG");
        options.TlsOptions.TargetHost.Should().BeNull("the caller's options are not modified");
    }

    [Fact]
    public async Task An_untrusted_certificate_fails_the_start_with_a_TLS_error()
    {
        await using var client = RespTestClients.Create(_redis, o =>
        {
            o.Password = "tls-pw";
            o.TlsOptions = null;
            o.ConnectTimeout = TimeSpan.FromSeconds(1);
        });

        (await client.Invoking(c => c.StartAsync()).Should().ThrowAsync<RedisConnectionException>())
            .Which.Message.Should().Contain("TLS handshake");
    }

    [Fact]
    public async Task A_plain_client_cannot_talk_to_the_TLS_port()
    {
        await using var client = RespTestClients.Create(_redis, o =>
        {
            o.Password = "tls-pw";
            o.UseTls = false;
            o.ConnectTimeout = TimeSpan.FromSeconds(1);
        });

        await client.Invoking(c => c.StartAsync()).Should().ThrowAsync<RedisConnectionException>();
        client.IsConnected.Should().BeFalse();
    }
}
