using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using SocketIo.Server.Engine.Transports.ConnectionLevel;

namespace SocketIo.Server.Tests.Engine.ConnectionLevel;

public class UpgradeRequestReaderTests
{
    private const string Handshake =
        "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: localhost:3000\r\nupgrade: websocket\r\n" +
        "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
        "Sec-WebSocket-Extensions: permessage-deflate\r\nX-Twice: a\r\nX-Twice: b\r\n\r\n";

    [Fact]
    public void Reads_a_handshake_and_stops_at_its_end()
    {
        var status = Read(Handshake + "next", out var head, out var rest);

        status.Should().Be(HeadReadStatus.Complete);
        head!.Path.Should().Be("/socket.io/");
        head.QueryString.Should().Be("?EIO=4&transport=websocket");
        head.RawTarget.Should().Be("/socket.io/?EIO=4&transport=websocket");
        head.Headers["Upgrade"].ToString().Should().Be("websocket");
        head.Headers["x-twice"].ToArray().Should().Equal("a", "b");
        head.IsEngineWebSocketHandshake().Should().BeTrue();
        rest.Should().Be("next");
    }

    [Theory]
    [InlineData("")]
    [InlineData("GE")]
    [InlineData("GET /socket.io/ HTTP/1.1\r\nHost: x\r\n")]
    public void A_beginning_asks_for_more(string bytes) => Read(bytes, out _, out _).Should().Be(HeadReadStatus.NeedMore);

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("X")]
    [InlineData("GET / HTTP/1.0\r\nHost: x\r\n\r\n")]
    [InlineData("GET /a%2Fb HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\nUpgrade: websocket\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: caf\u00e9\r\n\r\n")]
    [InlineData("GET  / HTTP/1.1\r\nHost: x\r\n\r\n")]
    public void Anything_unusual_is_left_to_kestrel(string bytes) => Read(bytes, out _, out _).Should().Be(HeadReadStatus.NotHandled);

    [Theory]
    [InlineData("Host: localhost:3000\r\n", "")]
    [InlineData("Sec-WebSocket-Version: 13\r\n", "Sec-WebSocket-Version: 8\r\n")]
    [InlineData("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "Sec-WebSocket-Key: c2hvcnQ=\r\n")]
    [InlineData("Connection: keep-alive, Upgrade\r\n", "Connection: keep-alive\r\n")]
    [InlineData("transport=websocket", "transport=polling")]
    [InlineData("X-Twice: a\r\n", "Content-Length: 0\r\n")]
    [InlineData("X-Twice: a\r\n", "Transfer-Encoding: chunked\r\n")]
    [InlineData("X-Twice: a\r\n", "Host: other\r\n")]
    public void Only_an_exact_websocket_handshake_is_taken(string replaced, string by)
    {
        Read(Handshake.Replace(replaced, by, StringComparison.Ordinal), out var head, out _).Should().Be(HeadReadStatus.Complete);

        head!.IsEngineWebSocketHandshake().Should().BeFalse();
    }

    [Fact]
    public void A_head_over_the_header_limit_is_left_to_kestrel()
    {
        var limits = new KestrelServerLimits { MaxRequestHeadersTotalSize = 64 };

        UpgradeRequestReader.TryRead(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(Handshake)), limits, out _, out _)
            .Should().Be(HeadReadStatus.NotHandled);
    }

    private static HeadReadStatus Read(string text, out UpgradeRequestHead? head, out string rest)
    {
        var bytes = new ReadOnlySequence<byte>(Encoding.Latin1.GetBytes(text));
        var status = UpgradeRequestReader.TryRead(bytes, new KestrelServerLimits(), out head, out var end);
        rest = Encoding.Latin1.GetString(bytes.Slice(end).ToArray());
        return status;
    }
}
