namespace Chat;

// What the server sends, as the protocol in README.md names it (camelCase on the wire).

/// <summary>The <c>message</c> event: a message posted to a room.</summary>
internal sealed record ChatMessage(string Id, string Room, string User, string Text, string At, string? ClientId);

/// <summary>The acknowledgement of a <c>message</c>: the server's id and time for it.</summary>
internal sealed record MessageReceipt(string Id, string At);

/// <summary>The <c>presence</c> event: who is in a room now.</summary>
internal sealed record PresenceUpdate(string Room, IReadOnlyList<string> Users);

/// <summary>The <c>typing</c> event.</summary>
internal sealed record TypingUpdate(string Room, string User, bool Typing);

/// <summary>The acknowledgement of <c>join</c>.</summary>
internal sealed record JoinReply(bool Ok, string Room, IReadOnlyList<string> Users);

/// <summary>The acknowledgement of <c>leave</c>.</summary>
internal sealed record LeaveReply(bool Ok, string Room);

/// <summary>One entry of the <c>rooms</c> acknowledgement.</summary>
internal sealed record RoomSummary(string Name, IReadOnlyList<string> Users);

/// <summary>The acknowledgement of a request that was refused.</summary>
internal sealed record ErrorReply(string Error);
