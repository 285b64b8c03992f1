using System.Net.WebSockets;
using System.Text;

using SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

namespace SocketIo.Server.Tests.Engine.ConnectionLevel.Framing;

public class PipeWebSocketTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public async Task A_fragmented_masked_message_arrives_whole_however_the_bytes_are_cut(int piece)
    {
        var harness = new PipeWebSocketHarness();
        var text = "héllo wörld, ✓ 𝄞 " + new string('x', 300);
        var bytes = Encoding.UTF8.GetBytes(text);
        // Cut inside the 4-byte 𝄞 on purpose: the UTF-8 check must carry it across frames.
        var cut = Encoding.UTF8.GetByteCount("héllo wörld, ✓ ") + 2;
        var frames = ClientFrame.Build(WebSocketOpcode.Text, bytes.AsSpan(0, cut), fin: false)
            .Concat(ClientFrame.Build(WebSocketOpcode.Continuation, bytes.AsSpan(cut), key: [1, 2, 3, 4])).ToArray();

        var receiving = harness.ReceiveMessageAsync(chunk: 7);
        await harness.SendAsync(frames, piece);

        var (type, received) = await receiving;
        type.Should().Be(WebSocketMessageType.Text);
        Encoding.UTF8.GetString(received).Should().Be(text);
    }

    [Fact]
    public async Task A_frame_with_a_64_bit_length_is_unmasked_across_receives()
    {
        var harness = new PipeWebSocketHarness();
        var payload = Enumerable.Range(0, 70_001).Select(i => (byte)(i * 7)).ToArray();

        var receiving = harness.ReceiveMessageAsync(chunk: 4093);
        await harness.SendAsync(ClientFrame.Build(WebSocketOpcode.Binary, payload, key: [0xA1, 0x02, 0xF3, 0x44]), piece: 1000);

        (await receiving).Bytes.Should().Equal(payload);
    }

    [Fact]
    public async Task A_zero_byte_receive_waits_for_a_frame_and_takes_none_of_its_payload()
    {
        var harness = new PipeWebSocketHarness();
        var waiting = harness.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
        waiting.IsCompleted.Should().BeFalse();

        await harness.SendAsync(ClientFrame.Build(WebSocketOpcode.Binary, [1, 2, 3]));

        var first = await waiting;
        (first.Count, first.MessageType, first.EndOfMessage).Should().Be((0, WebSocketMessageType.Binary, false));
        var (type, bytes) = await harness.ReceiveMessageAsync();
        type.Should().Be(WebSocketMessageType.Binary);
        bytes.Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task An_empty_message_ends_at_once()
    {
        var harness = new PipeWebSocketHarness();
        await harness.SendAsync(ClientFrame.Build(WebSocketOpcode.Text, []));

        var result = await harness.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);

        (result.Count, result.MessageType, result.EndOfMessage).Should().Be((0, WebSocketMessageType.Text, true));
    }

    [Fact]
    public async Task A_ping_between_fragments_is_answered_with_its_payload_and_pongs_are_ignored()
    {
        var harness = new PipeWebSocketHarness();
        var receiving = harness.ReceiveMessageAsync();
        await harness.SendAsync([
            .. ClientFrame.Build(WebSocketOpcode.Text, "ab"u8, fin: false),
            .. ClientFrame.Build(WebSocketOpcode.Ping, "are you there"u8),
            .. ClientFrame.Build(WebSocketOpcode.Pong, "unsolicited"u8),
            .. ClientFrame.Build(WebSocketOpcode.Continuation, "cd"u8),
        ]);

        Encoding.UTF8.GetString((await receiving).Bytes).Should().Be("abcd");
        var pong = await harness.ReadServerFrameAsync();
        (pong.Opcode, pong.Fin).Should().Be((WebSocketOpcode.Pong, true));
        Encoding.UTF8.GetString(pong.Payload).Should().Be("are you there");
    }

    [Fact]
    public async Task The_close_handshake_reports_the_peer_status_and_answers_with_ours()
    {
        var harness = new PipeWebSocketHarness();
        await harness.SendAsync(ClientFrame.CloseFrame(4001, "bye ✓"));

        var result = await harness.Socket.ReceiveAsync(new byte[16].AsMemory(), CancellationToken.None);

        result.MessageType.Should().Be(WebSocketMessageType.Close);
        harness.Socket.State.Should().Be(WebSocketState.CloseReceived);
        harness.Socket.CloseStatus.Should().Be((WebSocketCloseStatus)4001);
        harness.Socket.CloseStatusDescription.Should().Be("bye ✓");
        await harness.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        harness.Socket.State.Should().Be(WebSocketState.Closed);
        (await harness.ReadServerCloseAsync()).Should().Be(WebSocketCloseStatus.NormalClosure);
    }

    [Fact]
    public async Task Our_close_first_then_the_peer_close_completes_the_handshake()
    {
        var harness = new PipeWebSocketHarness();
        await harness.Socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "too big", CancellationToken.None);
        harness.Socket.State.Should().Be(WebSocketState.CloseSent);
        var frame = await harness.ReadServerFrameAsync();
        frame.Opcode.Should().Be(WebSocketOpcode.Close);
        frame.Payload.Should().Equal([0x03, 0xF1, .. "too big"u8]);

        await harness.SendAsync(ClientFrame.Build(WebSocketOpcode.Close, []));
        var result = await harness.Socket.ReceiveAsync(new byte[4].AsMemory(), CancellationToken.None);

        result.MessageType.Should().Be(WebSocketMessageType.Close);
        // As the runtime's WebSocket reports a close frame without a status.
        harness.Socket.CloseStatus.Should().Be(WebSocketCloseStatus.NormalClosure);
        harness.Socket.State.Should().Be(WebSocketState.Closed);
    }

    public static TheoryData<string, byte[]> ProtocolViolations() => new()
    {
        { "reserved bit", ClientFrame.Build(WebSocketOpcode.Text, "a"u8, rsv: 0x40) },
        { "unknown opcode", ClientFrame.Build(0x3, "a"u8) },
        { "fragmented ping", ClientFrame.Build(WebSocketOpcode.Ping, "a"u8, fin: false) },
        { "ping over 125 bytes", ClientFrame.Build(WebSocketOpcode.Ping, new byte[126]) },
        { "continuation first", ClientFrame.Build(WebSocketOpcode.Continuation, "a"u8) },
        { "new message inside a fragmented one", [.. ClientFrame.Build(WebSocketOpcode.Text, "a"u8, fin: false), .. ClientFrame.Build(WebSocketOpcode.Binary, "b"u8)] },
        { "close with one byte", ClientFrame.Build(WebSocketOpcode.Close, [0x03]) },
        { "close with 1005", ClientFrame.CloseFrame(1005) },
        { "close with 999", ClientFrame.CloseFrame(999) },
        { "close reason that is not UTF-8", ClientFrame.Build(WebSocketOpcode.Close, [0x03, 0xE8, 0xFF]) },
        { "length with the top bit set", ClientFrame.Build(WebSocketOpcode.Binary, "a"u8, declaredLength: 0x8000_0000_0000_0000) },
    };

    [Theory]
    [MemberData(nameof(ProtocolViolations))]
    public async Task A_protocol_violation_is_answered_with_1002_and_fails_the_receive(string what, byte[] bytes)
    {
        var harness = new PipeWebSocketHarness();
        await harness.SendAsync(bytes);

        var receive = () => harness.ReceiveMessageAsync();

        await receive.Should().ThrowAsync<WebSocketException>(what);
        (await harness.ReadServerCloseAsync()).Should().Be(WebSocketCloseStatus.ProtocolError, what);
    }

    public static TheoryData<string, byte[]> InvalidUtf8() => new()
    {
        { "an invalid byte", ClientFrame.Build(WebSocketOpcode.Text, [0x61, 0xFF, 0x62]) },
        { "an overlong encoding", ClientFrame.Build(WebSocketOpcode.Text, [0xC0, 0xAF]) },
        { "a surrogate", ClientFrame.Build(WebSocketOpcode.Text, [0xED, 0xA0, 0x80]) },
        { "a message that ends mid-sequence", [.. ClientFrame.Build(WebSocketOpcode.Text, [0x61, 0xF0, 0x9D], fin: false), .. ClientFrame.Build(WebSocketOpcode.Continuation, [0x84])] },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public async Task Text_that_is_not_utf8_is_answered_with_1007(string what, byte[] bytes)
    {
        var harness = new PipeWebSocketHarness();
        await harness.SendAsync(bytes, piece: 1);

        var receive = () => harness.ReceiveMessageAsync(chunk: 1);

        await receive.Should().ThrowAsync<WebSocketException>(what);
        (await harness.ReadServerCloseAsync()).Should().Be(WebSocketCloseStatus.InvalidPayloadData, what);
    }

    [Fact]
    public async Task An_unmasked_frame_ends_the_connection_without_a_close_frame_as_the_runtime_websocket_does()
    {
        var harness = new PipeWebSocketHarness();
        await harness.SendAsync(ClientFrame.Build(WebSocketOpcode.Text, "a"u8, masked: false));

        var receive = () => harness.ReceiveMessageAsync();

        await receive.Should().ThrowAsync<WebSocketException>();
        harness.Socket.State.Should().Be(WebSocketState.Aborted);
        await harness.EndServerOutputAsync();
        (await harness.ReadAllServerFramesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_peer_that_hangs_up_without_a_close_frame_fails_the_receive()
    {
        var harness = new PipeWebSocketHarness();
        await harness.SendAsync(ClientFrame.Build(WebSocketOpcode.Binary, new byte[10])[..8]);
        await harness.EndAsync();

        var receive = () => harness.ReceiveMessageAsync();

        (await receive.Should().ThrowAsync<WebSocketException>()).Which.WebSocketErrorCode.Should().Be(WebSocketError.ConnectionClosedPrematurely);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(125, 2)]
    [InlineData(126, 4)]
    [InlineData(65535, 4)]
    [InlineData(65536, 10)]
    public async Task Sent_frames_carry_the_length_in_the_shortest_form(int length, int headerLength)
    {
        var harness = new PipeWebSocketHarness();
        var payload = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        var sending = harness.Socket.SendAsync(payload.AsMemory(), WebSocketMessageType.Binary, true, CancellationToken.None);
        var frame = await harness.ReadServerFrameAsync();
        await sending;

        (frame.Opcode, frame.Fin).Should().Be((WebSocketOpcode.Binary, true));
        frame.Payload.Should().Equal(payload);
        frame.HeaderLength.Should().Be(headerLength);
    }

    [Fact]
    public async Task A_message_sent_in_pieces_goes_out_as_a_text_frame_and_continuations()
    {
        var harness = new PipeWebSocketHarness();
        await harness.Socket.SendAsync("ab"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        await harness.Socket.SendAsync("cd"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);

        var first = await harness.ReadServerFrameAsync();
        var second = await harness.ReadServerFrameAsync();

        (first.Opcode, first.Fin).Should().Be((WebSocketOpcode.Text, false));
        (second.Opcode, second.Fin).Should().Be((WebSocketOpcode.Continuation, true));
        Encoding.UTF8.GetString([.. first.Payload, .. second.Payload]).Should().Be("abcd");
    }

    [Fact]
    public async Task A_waiting_receive_ends_when_its_token_is_cancelled_and_the_socket_receives_again()
    {
        var harness = new PipeWebSocketHarness();
        using var cancel = new CancellationTokenSource();
        var waiting = harness.Socket.ReceiveAsync(Memory<byte>.Empty, cancel.Token);

        await cancel.CancelAsync();

        var wait = async () => await waiting;
        await wait.Should().ThrowAsync<OperationCanceledException>();
        await harness.SendAsync(ClientFrame.Build(WebSocketOpcode.Binary, [7]));
        (await harness.ReceiveMessageAsync()).Bytes.Should().Equal(7);
    }

    [Fact]
    public async Task Abort_ends_a_waiting_receive_and_leaves_the_connection_to_its_owner()
    {
        var harness = new PipeWebSocketHarness();
        var waiting = harness.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);

        harness.Socket.Abort();

        var wait = async () => await waiting;
        await wait.Should().ThrowAsync<OperationCanceledException>();
        harness.Socket.State.Should().Be(WebSocketState.Aborted);
        harness.Connection.ConnectionClosed.IsCancellationRequested.Should().BeFalse();
        var send = async () => await harness.Socket.SendAsync(new byte[1], WebSocketMessageType.Binary, true, CancellationToken.None);
        await send.Should().ThrowAsync<WebSocketException>();
    }
}
