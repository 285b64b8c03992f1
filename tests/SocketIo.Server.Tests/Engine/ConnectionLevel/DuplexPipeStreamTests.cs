using System.Buffers;
using System.IO.Pipelines;
using SocketIo.Server.Engine.Transports.ConnectionLevel;

namespace SocketIo.Server.Tests.Engine.ConnectionLevel;

public class DuplexPipeStreamTests
{
    [Fact]
    public async Task A_zero_byte_read_waits_for_data_and_takes_none()
    {
        var (stream, toStream, _) = Create();
        var waiting = stream.ReadAsync(Memory<byte>.Empty);
        waiting.IsCompleted.Should().BeFalse();

        await toStream.Writer.WriteAsync(new byte[] { 1, 2, 3 });

        (await waiting).Should().Be(0);
        var buffer = new byte[2];
        (await stream.ReadAsync(buffer)).Should().Be(2);
        buffer.Should().Equal(1, 2);
        (await stream.ReadAsync(buffer)).Should().Be(1);
        buffer[0].Should().Be(3);
    }

    [Fact]
    public async Task Reads_return_zero_at_the_end_and_writes_reach_the_output()
    {
        var (stream, toStream, fromStream) = Create();
        await stream.WriteAsync(new byte[] { 9 });
        var written = await fromStream.Reader.ReadAsync();
        written.Buffer.ToArray().Should().Equal(9);

        await toStream.Writer.CompleteAsync();

        (await stream.ReadAsync(new byte[4])).Should().Be(0);
    }

    private static (DuplexPipeStream Stream, Pipe ToStream, Pipe FromStream) Create()
    {
        var toStream = new Pipe();
        var fromStream = new Pipe();
        return (new DuplexPipeStream(new TransportPipe(toStream.Reader, fromStream.Writer)), toStream, fromStream);
    }
}
