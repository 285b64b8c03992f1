using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging.Abstractions;
using SocketIo.Server.Adapters;
using SocketIo.Server.Engine;
using SocketIo.Server.Parsing.Json;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Adapters;

public sealed class NamespaceAdapterTests
{
    [Fact]
    public async Task A_broadcast_is_encoded_once_and_every_recipient_gets_the_same_messages()
    {
        var registry = new FakeRegistry("a", "b", "c");
        var adapter = new NamespaceAdapter(new AdapterContext("/", registry, new JsonSocketIoParser(), new ManualTimeProvider(), NullLoggerFactory.Instance, null, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        foreach (var id in registry.Sockets.Keys)
        {
            adapter.AddAll(id, [id]);
        }

        adapter.AddAll("a", ["room"]);
        adapter.AddAll("b", ["room"]);

        await adapter.BroadcastAsync(new BroadcastPacket("e", [new byte[] { 1 }]), new BroadcastOptions(new HashSet<string> { "room" }));

        var deliveries = registry.Sockets.Values.SelectMany(s => s.Delivered).ToList();
        deliveries.Should().HaveCount(2);
        deliveries[0].Should().HaveCount(2, "a text packet and its attachment");
        deliveries[1][0].Should().BeSameAs(deliveries[0][0]);
        deliveries[1][1].Should().BeSameAs(deliveries[0][1]);
        registry.Sockets["c"].Delivered.Should().BeEmpty();
    }

    [Fact]
    public async Task A_broadcast_to_nobody_encodes_nothing()
    {
        var registry = new FakeRegistry();
        var adapter = new NamespaceAdapter(new AdapterContext("/", registry, new ThrowingParser(), new ManualTimeProvider(), NullLoggerFactory.Instance, null, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));

        await adapter.BroadcastAsync(new BroadcastPacket("e", []), BroadcastOptions.All);
    }

    [Fact]
    public async Task All_rooms_are_the_local_rooms_sockets_own_rooms_included()
    {
        var registry = new FakeRegistry("a", "b");
        var adapter = new NamespaceAdapter(new AdapterContext("/", registry, new JsonSocketIoParser(), new ManualTimeProvider(), NullLoggerFactory.Instance, null, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        adapter.AddAll("a", ["a", "lobby"]);
        adapter.AddAll("b", ["b", "lobby", "vip"]);
        adapter.Del("b", "vip");

        var rooms = await adapter.AllRoomsAsync();

        rooms.Should().BeEquivalentTo("a", "b", "lobby");
    }

    private sealed class ThrowingParser : SocketIo.Server.Parsing.ISocketIoParser
    {
        public SocketIo.Server.Parsing.ISocketIoPacketDecoder CreateDecoder() => throw new NotSupportedException();

        public EngineMessage[] Encode(SocketIo.Server.Parsing.SocketIoPacketType type, string @namespace, long? ackId, in SocketIo.Server.Parsing.SocketIoPayload payload) =>
            throw new InvalidOperationException("nothing should be encoded");

        public ReadOnlyMemory<byte>[] EncodeTo(System.Buffers.IBufferWriter<byte> wireText, SocketIo.Server.Parsing.SocketIoPacketType type, string @namespace, long? ackId, in SocketIo.Server.Parsing.SocketIoPayload payload) =>
            throw new InvalidOperationException("nothing should be encoded");
    }

    private sealed class FakeRegistry : ILocalSocketRegistry
    {
        public FakeRegistry(params string[] ids)
        {
            foreach (var id in ids)
            {
                Sockets[id] = new FakeSocket(id);
            }
        }

        public Dictionary<string, FakeSocket> Sockets { get; } = [];

        public bool TryGetSocket(string id, [NotNullWhen(true)] out ILocalSocket? socket)
        {
            var found = Sockets.TryGetValue(id, out var fake);
            socket = fake;
            return found;
        }

        public void DispatchServerSideEmit(IReadOnlyList<object?> arguments, Action<object?>? onAck)
        {
        }

        public long NextAckId() => 0;
    }

    private sealed class FakeSocket(string id) : ILocalSocket
    {
        public string Id { get; } = id;

        public List<EngineMessage[]> Delivered { get; } = [];

        public void Deliver(BroadcastPacket packet, ReadOnlySpan<EngineMessage> encoded, bool isVolatile) => Delivered.Add(encoded.ToArray());

        public bool ExpectAck(long ackId, TimeSpan? timeout, Action<SocketIoArguments> onAck) => true;

        public void JoinWithinLimit(IReadOnlyCollection<string> rooms)
        {
        }

        public void Leave(string room)
        {
        }

        public void Disconnect(bool close)
        {
        }

        public SocketDescription Describe() => throw new NotSupportedException();
    }
}
