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

    /// <summary>Reads a script written as messages separated by spaces, each <c>t:</c> or <c>b:</c> and its hex.</summary>
    public static SocketIoScript Parse(string written) =>
        new([.. written.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(m => new SocketIoMessage(m[0] == 'b', Convert.FromHexString(m[2..])))]);

    public string Describe()
    {
        const int MaxDescribed = 16;
        var described = Messages.Take(MaxDescribed).Select(m => (m.IsBinary ? "binary " : "text ") + FuzzRunner.Escape(m.Data));
        var rest = Messages.Count > MaxDescribed ? [$"... and {Messages.Count - MaxDescribed} more messages"] : Array.Empty<string>();
        var script = Messages.Count <= MaxDescribed && Length <= 512
            ? [$"as a script: {string.Join(' ', Messages.Select(m => (m.IsBinary ? "b:" : "t:") + Convert.ToHexString(m.Data)))}"]
            : Array.Empty<string>();
        return string.Join(Environment.NewLine, described.Concat(rest).Concat(script));
    }
}
