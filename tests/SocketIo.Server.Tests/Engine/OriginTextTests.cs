using Microsoft.AspNetCore.Http;
using SocketIo.Server.Engine;

namespace SocketIo.Server.Tests.Engine;

public class OriginTextTests
{
    [Theory]
    [InlineData("http://example.com", "example.com")]
    [InlineData("http://example.com", "example.com:80")]
    [InlineData("http://example.com:80", "example.com")]
    [InlineData("https://example.com", "example.com")]
    [InlineData("https://example.com", "EXAMPLE.com:443")]
    [InlineData("https://example.com:8443", "example.com:8443")]
    [InlineData("http://127.0.0.1:5000", "127.0.0.1:5000")]
    [InlineData("http://[::1]:5000", "[::1]:5000")]
    [InlineData("https://[::1]", "[::1]")]
    public void Same_host_and_port(string origin, string host) =>
        OriginText.IsSameHost(origin, new HostString(host)).Should().BeTrue();

    [Theory]
    [InlineData("http://example.com", "example.com:443")]
    [InlineData("https://example.com", "example.com:80")]
    [InlineData("https://example.com:8443", "example.com")]
    [InlineData("http://example.com.evil.example", "example.com")]
    [InlineData("http://evil.example", "example.com")]
    [InlineData("http://example.com", "")]
    [InlineData("null", "example.com")]
    [InlineData("example.com", "example.com")]
    [InlineData("custom://example.com", "example.com")]
    [InlineData("http://example.com/path", "example.com")]
    [InlineData("http://user@example.com", "example.com")]
    [InlineData("http://[::1", "[::1]")]
    [InlineData("http://::1:5000", "[::1]:5000")]
    public void Other_hosts_ports_or_malformed_origins(string origin, string host) =>
        OriginText.IsSameHost(origin, new HostString(host)).Should().BeFalse();
}
