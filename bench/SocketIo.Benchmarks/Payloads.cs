using System.Text;

namespace SocketIo.Benchmarks;

/// <summary>The shared sample data: a 100-byte chat message, as in the load scenarios of issue 6.</summary>
internal static class Payloads
{
    /// <summary>100 ASCII characters (100 bytes in UTF-8).</summary>
    public static readonly string Text100 = new('x', 100);

    /// <summary>A 100-byte binary attachment.</summary>
    public static readonly byte[] Binary100 = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

    /// <summary>The Socket.IO EVENT <c>["chat","xxx…"]</c> as JSON.</summary>
    public static readonly string EventJson = "[\"chat\",\"" + Text100 + "\"]";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
