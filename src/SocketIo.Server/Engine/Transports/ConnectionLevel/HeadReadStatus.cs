namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>What the bytes read so far make of a connection's first request.</summary>
internal enum HeadReadStatus
{
    /// <summary>Could still become a request head this layer takes: read more.</summary>
    NeedMore,

    /// <summary>Not a request this layer takes: the HTTP pipeline gets the connection.</summary>
    NotHandled,

    /// <summary>A complete, well-formed GET request head.</summary>
    Complete,
}
