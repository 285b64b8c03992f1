using DotnetClient;
using FluentAssertions;
using Xunit;

namespace DotnetClient.Tests;

public class ClientOptionsTests
{
    [Fact]
    public void Every_option_is_read_and_say_repeats()
    {
        ClientOptions.TryParse(
            ["--url", "http://127.0.0.1:4000", "--name", " alice ", "--room", "ops", "--say", "hi", "--say", "bye", "--exit-after-acks"],
            out var options, out var problem).Should().BeTrue(problem);

        options!.Url.Should().Be(new Uri("http://127.0.0.1:4000"));
        options.Name.Should().Be("alice");
        options.Room.Should().Be("ops");
        options.Say.Should().Equal("hi", "bye");
        options.ExitAfterAcks.Should().BeTrue();
    }

    [Fact]
    public void The_defaults_are_the_chat_sample_on_localhost_3000_in_general()
    {
        ClientOptions.TryParse([], out var options, out _).Should().BeTrue();

        options!.Url.Should().Be(new Uri("http://localhost:3000"));
        options.Room.Should().Be("general");
        options.Say.Should().BeEmpty();
        options.ExitAfterAcks.Should().BeFalse();
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--name")]
    [InlineData("--url", "ftp://example.com")]
    [InlineData("--room", " ")]
    public void Bad_arguments_are_refused_with_a_reason(params string[] args)
    {
        ClientOptions.TryParse(args, out var options, out var problem).Should().BeFalse();
        options.Should().BeNull();
        problem.Should().NotBeNullOrWhiteSpace();
    }
}
