using System.Text;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Fuzzing.Support;

/// <summary>One Engine.IO message as the Socket.IO decoder receives it.</summary>
/// <param name="IsBinary">Whether it came as a binary message.</param>
/// <param name="Data">Its bytes (UTF-8 text without the Engine.IO <c>4</c>, or the binary).</param>
internal sealed record SocketIoMessage(bool IsBinary, byte[] Data);

/// <summary>The messages one connection sends, in order: drives the decoder's attachment state machine.</summary>
/// <param name="Messages">The messages.</param>
internal sealed record SocketIoScript(IReadOnlyList<SocketIoMessage> Messages)
{
    public long Length => Messages.Sum(m => (long)m.Data.Length);

    public static SocketIoScript Text(string text, params byte[][] attachments) =>
        new([new SocketIoMessage(false, Encoding.UTF8.GetBytes(text)), .. attachments.Select(a => new SocketIoMessage(true, a))]);

    public string Describe() => string.Join(
        Environment.NewLine,
        Messages.Select(m => (m.IsBinary ? "binary " : "text ") + FuzzRunner.Escape(m.Data)));
}
