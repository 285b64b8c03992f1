using System.Text;

namespace SocketIo.Server.Tests.Support;

/// <summary>
/// What the mutator knows of a format: its structural tokens (spliced in whole, so mutations stay near valid input),
/// the numbers that sit on its limits, and how one level of nesting is written.
/// </summary>
internal sealed class FuzzFormat
{
    /// <summary>Byte strings that mean something in the format: type markers, delimiters, keywords, length prefixes.</summary>
    public IReadOnlyList<byte[]> Tokens { get; init; } = [];

    /// <summary>Numbers (as text) at the format's own limits, tried next to <see cref="FuzzNumbers.Texts"/>.</summary>
    public IReadOnlyList<string> Numbers { get; init; } = [];

    /// <summary>What opens one level of nesting (e.g. <c>[</c>, msgpack <c>0x91</c>, RESP <c>*1\r\n</c>).</summary>
    public byte[] NestOpen { get; init; } = [];

    /// <summary>What closes one level of nesting (<c>]</c>; nothing for length-prefixed formats).</summary>
    public byte[] NestClose { get; init; } = [];

    /// <summary>The longest input the mutator builds; long enough for a blow-up to show in time and memory.</summary>
    public int MaxLength { get; init; } = 64 * 1024;

    public static byte[][] Utf8(params string[] tokens) => [.. tokens.Select(Encoding.UTF8.GetBytes)];
}
