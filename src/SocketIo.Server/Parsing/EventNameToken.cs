namespace SocketIo.Server.Parsing;

/// <summary>Where an EVENT's name sits in its payload, so it can be read without building a JSON tree.</summary>
/// <param name="Start">The offset of the name's raw text (a string's, inside its quotes) in the payload.</param>
/// <param name="Length">The raw text's length in bytes: never fewer than the characters it reads as.</param>
/// <param name="IsEscaped">Whether the raw text holds escapes (a string that must be unescaped).</param>
internal readonly record struct EventNameToken(int Start, int Length, bool IsEscaped);
