using SocketIo.Server.Parsing;

namespace SocketIo.Server;

/// <summary>
/// One packet decoder per thread, lent to a connection for the length of one message. A decoder between packets
/// holds nothing a connection needs (only its reused packet), so idle connections need not each keep one; a
/// connection keeps its decoder only while a packet waits for its attachments.
/// </summary>
/// <remarks>
/// A lent decoder is the borrower's alone until it gives it back: a message handled inside another (a listener
/// feeding a connection synchronously) finds no spare and makes a decoder of its own.
/// </remarks>
internal static class SpareDecoder
{
    [ThreadStatic]
    private static ISocketIoPacketDecoder? t_decoder;

    // The parser that made t_decoder: servers in one process may have different parsers or limits.
    [ThreadStatic]
    private static ISocketIoParser? t_parser;

    /// <summary>The thread's spare decoder of <paramref name="parser"/>, or a new one.</summary>
    public static ISocketIoPacketDecoder Take(ISocketIoParser parser)
    {
        var decoder = t_decoder;
        if (decoder is not null && ReferenceEquals(t_parser, parser))
        {
            t_decoder = null;
            return decoder;
        }

        return parser.CreateDecoder();
    }

    /// <summary>Keeps <paramref name="decoder"/>, which waits for no attachment, as the thread's spare.</summary>
    public static void Give(ISocketIoParser parser, ISocketIoPacketDecoder decoder)
    {
        t_parser = parser;
        t_decoder = decoder;
    }
}
