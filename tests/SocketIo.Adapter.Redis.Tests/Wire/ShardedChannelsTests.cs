using SocketIo.Adapter.Redis.Wire;
using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Tests.Wire;

public class ShardedChannelsTests
{
    private const string SocketLikeRoom = "abcdefghij0123456789";

    private static readonly ShardedChannels Channels = new("socket.io", "/chat", "0123456789abcdef");

    [Fact]
    public void Names_follow_the_prefix_namespace_and_uid()
    {
        Channels.Main.Should().Be("socket.io#/chat#");
        Channels.OwnResponses.Should().Be("socket.io#/chat#0123456789abcdef#");
        Channels.Room("lobby").Should().Be("socket.io#/chat#lobby#");
        Channels.Responses("fedcba9876543210").Should().Be("socket.io#/chat#fedcba9876543210#");
    }

    [Theory]
    [InlineData(RedisSubscriptionMode.Dynamic, "lobby", "socket.io#/chat#lobby#")]
    [InlineData(RedisSubscriptionMode.Dynamic, SocketLikeRoom, "socket.io#/chat#")]
    [InlineData(RedisSubscriptionMode.DynamicPrivate, "lobby", "socket.io#/chat#lobby#")]
    [InlineData(RedisSubscriptionMode.DynamicPrivate, SocketLikeRoom, "socket.io#/chat#" + SocketLikeRoom + "#")]
    [InlineData(RedisSubscriptionMode.Static, "lobby", "socket.io#/chat#")]
    [InlineData(RedisSubscriptionMode.Static, SocketLikeRoom, "socket.io#/chat#")]
    public void A_broadcast_to_one_room_goes_where_the_mode_says(RedisSubscriptionMode mode, string room, string expected) =>
        Channels.ForMessage(Broadcast([room]), mode).Should().Be(expected);

    [Theory]
    [InlineData(RedisSubscriptionMode.Dynamic)]
    [InlineData(RedisSubscriptionMode.DynamicPrivate)]
    public void Broadcasts_to_no_room_or_several_rooms_go_to_the_main_channel(RedisSubscriptionMode mode)
    {
        Channels.ForMessage(Broadcast([]), mode).Should().Be(Channels.Main);
        Channels.ForMessage(Broadcast(["a", "b"]), mode).Should().Be(Channels.Main);
    }

    [Theory]
    [InlineData(RedisSubscriptionMode.Dynamic)]
    [InlineData(RedisSubscriptionMode.DynamicPrivate)]
    public void An_acknowledged_broadcast_to_one_room_goes_to_the_main_channel(RedisSubscriptionMode mode) =>
        Channels.ForMessage(Broadcast(["lobby"], requestId: "r1"), mode).Should().Be(Channels.Main);

    [Theory]
    [InlineData(RedisSubscriptionMode.Dynamic)]
    [InlineData(RedisSubscriptionMode.DynamicPrivate)]
    public void Other_operations_on_one_room_go_to_the_main_channel(RedisSubscriptionMode mode)
    {
        var options = new BroadcastOptions(new HashSet<string> { "lobby" });
        Channels.ForMessage(Message(ClusterMessageType.SocketsJoin, new SocketsRoomsData(options, ["x"])), mode).Should().Be(Channels.Main);
        Channels.ForMessage(Message(ClusterMessageType.DisconnectSockets, new DisconnectSocketsData(options, false)), mode).Should().Be(Channels.Main);
        Channels.ForMessage(Message(ClusterMessageType.FetchSockets, new FetchSocketsData(options, "r1")), mode).Should().Be(Channels.Main);
    }

    [Fact]
    public void Socket_id_length_is_counted_in_utf16_code_units_as_javascript_does()
    {
        // 19 BMP characters + 1 surrogate pair: 20 UTF-16 code units, so it looks like a socket id to Node.
        var room = new string('é', 18) + "😀";
        room.Length.Should().Be(20);
        Channels.ForMessage(Broadcast([room]), RedisSubscriptionMode.Dynamic).Should().Be(Channels.Main);
    }

    private static ClusterMessage Broadcast(string[] rooms, string? requestId = null) =>
        Message(ClusterMessageType.Broadcast, new BroadcastData(new BroadcastPacket("e", []), new BroadcastOptions(new HashSet<string>(rooms)), requestId));

    private static ClusterMessage Message(ClusterMessageType type, ClusterMessageData data) => new(type, "fedcba9876543210", "/chat", data);
}
