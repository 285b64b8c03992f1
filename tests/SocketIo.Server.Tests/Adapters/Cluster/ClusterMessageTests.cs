using SocketIo.Server.Adapters;
using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Server.Tests.Adapters.Cluster;

public sealed class ClusterMessageTests
{
    [Fact]
    public void The_types_are_numbered_as_socket_io_numbers_them()
    {
        new[]
        {
            ClusterMessageType.Broadcast, ClusterMessageType.SocketsJoin, ClusterMessageType.SocketsLeave,
            ClusterMessageType.DisconnectSockets, ClusterMessageType.FetchSockets, ClusterMessageType.FetchSocketsResponse,
            ClusterMessageType.ServerSideEmit, ClusterMessageType.ServerSideEmitResponse,
            ClusterMessageType.BroadcastClientCount, ClusterMessageType.BroadcastAck,
        }.Select(t => (int)t).Should().Equal(3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    [Fact]
    public void A_message_carries_the_data_its_type_calls_for()
    {
        var join = new ClusterMessage(ClusterMessageType.SocketsJoin, "node1", "/", new SocketsRoomsData(BroadcastOptions.All, ["r"]));
        var leave = new ClusterMessage(ClusterMessageType.SocketsLeave, "node1", "/", new SocketsRoomsData(BroadcastOptions.All, ["r"]));
        var heartbeat = new ClusterMessage(ClusterMessageType.Heartbeat, "node1", "/", null);

        join.Data.Should().BeOfType<SocketsRoomsData>();
        leave.Type.Should().Be(ClusterMessageType.SocketsLeave);
        heartbeat.Data.Should().BeNull();
    }

    [Fact]
    public void A_message_refuses_data_of_another_type_and_unknown_types()
    {
        var fetch = new FetchSocketsData(BroadcastOptions.All, "req1");

        FluentActions.Invoking(() => new ClusterMessage(ClusterMessageType.Broadcast, "node1", "/", fetch))
            .Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ClusterMessage(ClusterMessageType.Broadcast, "node1", "/", null))
            .Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ClusterMessage(ClusterMessageType.AdapterClose, "node1", "/", fetch))
            .Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ClusterMessage((ClusterMessageType)99, "node1", "/", null))
            .Should().Throw<ArgumentOutOfRangeException>();
    }
}
