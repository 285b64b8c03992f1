namespace SocketIo.Server.Engine;

/// <summary>The answer of <see cref="EngineOptions.AllowRequest"/> to a handshake request.</summary>
public readonly record struct EngineRequestVerdict
{
    private EngineRequestVerdict(bool allowed, string? message)
    {
        IsAllowed = allowed;
        Message = message;
    }

    /// <summary>Whether the handshake may proceed.</summary>
    public bool IsAllowed { get; }

    /// <summary>The message sent with a refusal; <c>"Forbidden"</c> when none.</summary>
    public string? Message { get; }

    /// <summary>Let the handshake proceed.</summary>
    public static EngineRequestVerdict Allow() => new(true, null);

    /// <summary>Refuse the handshake: HTTP 403 with <c>{"code":4,"message":...}</c> (400 and text for WebSocket upgrades).</summary>
    /// <param name="message">The message for the client; <c>"Forbidden"</c> when null.</param>
    public static EngineRequestVerdict Deny(string? message = null) => new(false, message);
}
