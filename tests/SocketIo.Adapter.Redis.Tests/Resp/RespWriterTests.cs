using System.Buffers;
using System.Text;
using SocketIo.Adapter.Redis.Resp;

namespace SocketIo.Adapter.Redis.Tests.Resp;

public class RespWriterTests
{
    [Fact]
    public void Writes_a_command_as_an_array_of_bulk_strings()
    {
        var writer = new ArrayBufferWriter<byte>();

        RespWriter.WriteCommand(writer, ["PUBLISH", "socket.io#/#", ""]);

        Encoding.UTF8.GetString(writer.WrittenSpan).Should().Be("*3\r\n$7\r\nPUBLISH\r\n$12\r\nsocket.io#/#\r\n$0\r\n\r\n");
    }

    [Fact]
    public void Counts_UTF8_bytes_not_characters()
    {
        var writer = new ArrayBufferWriter<byte>();

        RespWriter.WriteBulkString(writer, "é€😀");

        writer.WrittenSpan.ToArray().Should().Equal([.. "$9\r\n"u8, .. Encoding.UTF8.GetBytes("é€😀"), .. "\r\n"u8]);
    }

    [Fact]
    public void Writes_binary_arguments_byte_for_byte()
    {
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var writer = new ArrayBufferWriter<byte>(16);

        RespWriter.WriteArrayHeader(writer, 1);
        RespWriter.WriteBulkString(writer, payload);

        writer.WrittenSpan.ToArray().Should().Equal([.. "*1\r\n$256\r\n"u8, .. payload, .. "\r\n"u8]);
    }
}
