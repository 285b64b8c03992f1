using Microsoft.Extensions.Primitives;
using SocketIo.Server.Engine;

namespace SocketIo.Server.Tests.Engine;

public class RecentTextsTests
{
    [Fact]
    public void Equal_texts_come_back_as_the_instance_seen_last()
    {
        var first = new string("127.0.0.1:3000 recent-texts".AsSpan());
        var second = new string("127.0.0.1:3000 recent-texts".AsSpan());

        var texts = new RecentTexts();

        texts.Share(first).Should().BeSameAs(first);

        texts.Share(second).Should().BeSameAs(first);
    }

    [Fact]
    public void Long_texts_are_not_kept()
    {
        var first = new string('x', 201);
        var second = new string('x', 201);

        var texts = new RecentTexts();
        texts.Share(first);

        texts.Share(second).Should().BeSameAs(second);
    }

    [Fact]
    public void Snapshots_of_requests_with_equal_header_values_share_them_but_never_credentials()
    {
        KeyValuePair<string, StringValues>[] Headers() =>
        [
            new("Host", new string("example.test:8080".AsSpan())),
            new("User-Agent", new string("recent-texts-test/1.0".AsSpan())),
            new("Authorization", new string("Bearer recent-texts-secret".AsSpan())),
            new("Cookie", new string("session=recent-texts".AsSpan())),
            new("Sec-WebSocket-Key", new string("dGhlIHNhbXBsZSBub25jZQ==".AsSpan())),
        ];

        var texts = new RecentTexts();
        var first = RequestFieldSnapshot.Copy(Headers(), 5, StringComparer.OrdinalIgnoreCase, texts);
        var second = RequestFieldSnapshot.Copy(Headers(), 5, StringComparer.OrdinalIgnoreCase, texts);

        second["Host"][0].Should().BeSameAs(first["Host"][0]);
        second["User-Agent"][0].Should().BeSameAs(first["User-Agent"][0]);
        second["Authorization"][0].Should().NotBeSameAs(first["Authorization"][0]);
        second["Cookie"][0].Should().NotBeSameAs(first["Cookie"][0]);
        second["Sec-WebSocket-Key"][0].Should().NotBeSameAs(first["Sec-WebSocket-Key"][0]);
        second["Host"].ToString().Should().Be("example.test:8080");
    }
}
