using FluentAssertions;
using Microsoft.Extensions.Primitives;
using SocketIo.Server.Engine;
using Xunit;

namespace SocketIo.Server.Tests.Engine;

public class RequestFieldSnapshotTests
{
    private static readonly KeyValuePair<string, StringValues>[] Headers =
    [
        new("Host", "example.com"),
        new("Origin", "https://app.example.com"),
        new("X-Many", new StringValues(["a", "b"])),
    ];

    [Fact]
    public void Headers_are_found_whatever_their_case()
    {
        var snapshot = RequestFieldSnapshot.Copy(Headers, Headers.Length, StringComparer.OrdinalIgnoreCase);

        snapshot.Count.Should().Be(3);
        snapshot["origin"].ToString().Should().Be("https://app.example.com");
        snapshot.ContainsKey("HOST").Should().BeTrue();
        snapshot.TryGetValue("x-many", out var many).Should().BeTrue();
        many.Should().Equal("a", "b");
        snapshot.Keys.Should().Equal("Host", "Origin", "X-Many");
    }

    [Fact]
    public void Query_parameters_are_case_sensitive_and_a_missing_one_is_not_found()
    {
        KeyValuePair<string, StringValues>[] query = [new("EIO", "4"), new("transport", "websocket")];
        var snapshot = RequestFieldSnapshot.Copy(query, query.Length, StringComparer.Ordinal);

        snapshot.ContainsKey("eio").Should().BeFalse();
        snapshot.TryGetValue("sid", out _).Should().BeFalse();
        var read = () => snapshot["sid"];
        read.Should().Throw<KeyNotFoundException>();
        snapshot.Should().Equal(query);
    }

    [Fact]
    public void A_repeated_name_keeps_the_last_value_and_a_wrong_count_is_tolerated()
    {
        KeyValuePair<string, StringValues>[] fields = [new("a", "1"), new("A", "2"), new("b", "3")];

        var snapshot = RequestFieldSnapshot.Copy(fields, count: 1, StringComparer.OrdinalIgnoreCase);

        snapshot.Count.Should().Be(2);
        snapshot["a"].ToString().Should().Be("2");
        snapshot["b"].ToString().Should().Be("3");
    }
}
