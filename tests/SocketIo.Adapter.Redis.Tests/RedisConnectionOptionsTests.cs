using Microsoft.Extensions.Logging.Abstractions;
using SocketIo.Adapter.Redis.Resp;

namespace SocketIo.Adapter.Redis.Tests;

public class RedisConnectionOptionsTests
{
    [Theory]
    [InlineData("redis://localhost", "localhost", 6379, null, null, false)]
    [InlineData("redis://redis.internal:6380", "redis.internal", 6380, null, null, false)]
    [InlineData("rediss://redis.internal", "redis.internal", 6379, null, null, true)]
    [InlineData("redis://:secret@127.0.0.1:7000", "127.0.0.1", 7000, null, "secret", false)]
    [InlineData("redis://secret@host", "host", 6379, null, "secret", false)]
    [InlineData("rediss://alice:pw@host:6390/0", "host", 6390, "alice", "pw", true)]
    [InlineData("redis://alice:p%40ss%3Aw%2Fo%25rd@host/3", "host", 6379, "alice", "p@ss:w/o%rd", false)]
    [InlineData("redis://[::1]:6381", "::1", 6381, null, null, false)]
    [InlineData("REDIS://HOST", "host", 6379, null, null, false)]
    public void Parses_redis_and_rediss_URLs(string url, string host, int port, string? user, string? password, bool tls)
    {
        var options = RedisConnectionOptions.Parse(url);

        options.Host.Should().Be(host);
        options.Port.Should().Be(port);
        options.User.Should().Be(user);
        options.Password.Should().Be(password);
        options.UseTls.Should().Be(tls);
        options.Protocol.Should().Be(RedisProtocol.Resp2);
    }

    [Theory]
    [InlineData("localhost:6379")]
    [InlineData("http://host")]
    [InlineData("redis://")]
    [InlineData("redis://host/db")]
    [InlineData("redis://host?protocol=3")]
    [InlineData("redis://:pw@host#x")]
    public void Rejects_other_strings_without_echoing_them(string url)
    {
        var parse = () => RedisConnectionOptions.Parse(url);

        parse.Should().Throw<FormatException>().Which.Message.Should().NotContain("pw@");
    }

    [Fact]
    public void Defaults_work_with_any_server()
    {
        var options = new RedisConnectionOptions();

        options.Protocol.Should().Be(RedisProtocol.Resp2);
        options.UseTls.Should().BeFalse();
        options.TlsOptions.Should().BeNull();
        options.KeepAliveInterval.Should().Be(TimeSpan.FromSeconds(30));
    }

    [Theory]
    [InlineData("", 6379)]
    [InlineData("host", 0)]
    [InlineData("host", 70000)]
    public void The_client_rejects_unusable_options(string host, int port)
    {
        var options = new RedisConnectionOptions { Host = host, Port = port };

        var create = () => new RespPubSubClient(options, NullLogger<RespPubSubClient>.Instance);

        create.Should().Throw<ArgumentException>();
    }
}
