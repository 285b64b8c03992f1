using SocketIo.Adapter.Redis.Wire;

namespace SocketIo.Adapter.Redis.Tests.Wire;

public sealed class ClassicChannelsTests
{
    [Fact]
    public void Names_the_channels_of_a_namespace_as_node_does()
    {
        var channels = new ClassicChannels("socket.io", "/chat");

        channels.Broadcast.Should().Be("socket.io#/chat#");
        channels.BroadcastPattern.Should().Be("socket.io#/chat#*");
        channels.Room("lobby").Should().Be("socket.io#/chat#lobby#");
        channels.Request.Should().Be("socket.io-request#/chat#");
        channels.Response.Should().Be("socket.io-response#/chat#");
        channels.SpecificResponse("AbC123").Should().Be("socket.io-response#/chat#AbC123#");
    }

    [Theory]
    [InlineData("socket.io#/#", true, "")]
    [InlineData("socket.io#/#lobby#", true, "lobby")]
    [InlineData("socket.io#/#a#b#", true, "a#b")]
    [InlineData("socket.io#/#x", true, "")]
    [InlineData("socket.io#/chat#lobby#", false, "")]
    [InlineData("socket.io-request#/#", false, "")]
    public void Reads_the_room_of_a_broadcast_channel_as_node_slices_it(string channel, bool ours, string room)
    {
        var channels = new ClassicChannels("socket.io", "/");

        channels.TryGetBroadcastRoom(channel, out var found).Should().Be(ours);
        found.Should().Be(room);
    }

    [Fact]
    public void Escapes_glob_characters_of_the_key_and_namespace_in_the_pattern()
    {
        new ClassicChannels("app[1]", "/a*b?").BroadcastPattern.Should().Be(@"app\[1\]#/a\*b\?#*");
    }

    [Fact]
    public void Tells_request_and_response_channels_apart()
    {
        var channels = new ClassicChannels("socket.io", "/");

        channels.IsRequest("socket.io-request#/#").Should().BeTrue();
        channels.IsResponse("socket.io-response#/#").Should().BeTrue();
        channels.IsResponse("socket.io-response#/#AbC123#").Should().BeTrue();
        channels.IsRequest("socket.io-response#/#").Should().BeFalse();
    }
}
