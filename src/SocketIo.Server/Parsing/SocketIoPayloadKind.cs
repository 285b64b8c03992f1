namespace SocketIo.Server.Parsing;

/// <summary>The shapes of <see cref="SocketIoPayload"/>.</summary>
internal enum SocketIoPayloadKind
{
    /// <summary>No payload.</summary>
    None = 0,

    /// <summary>One value.</summary>
    Value,

    /// <summary>An array of an optional event name and arguments.</summary>
    Arguments,
}
