namespace SocketIo.Server.Tests.Support;

/// <summary>
/// Raised by a fuzz target when the decoder's own catch-all caught an exception: nothing escaped, but something
/// threw that the decoder did not expect, which is the kind of bug the fuzzer looks for.
/// </summary>
internal sealed class FuzzSwallowedException : Exception
{
    public FuzzSwallowedException()
    {
    }

    public FuzzSwallowedException(string message)
        : base(message)
    {
    }

    public FuzzSwallowedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
