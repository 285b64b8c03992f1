namespace SocketIo.Server.Engine;

/// <summary>The reference server's request error codes and their messages.</summary>
internal enum EngineRequestError
{
    UnknownTransport = 0,
    UnknownSid = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
}

internal static class EngineRequestErrorMessages
{
    public static string Of(EngineRequestError error) => error switch
    {
        EngineRequestError.UnknownTransport => "Transport unknown",
        EngineRequestError.UnknownSid => "Session ID unknown",
        EngineRequestError.BadHandshakeMethod => "Bad handshake method",
        EngineRequestError.BadRequest => "Bad request",
        EngineRequestError.Forbidden => "Forbidden",
        EngineRequestError.UnsupportedProtocolVersion => "Unsupported protocol version",
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };
}
