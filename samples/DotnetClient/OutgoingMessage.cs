namespace DotnetClient;

/// <summary>A message the user typed, kept until the server acknowledges it.</summary>
/// <remarks>
/// The <see cref="ClientId"/> stays the same when a message is sent again after a connection was lost before its ack
/// came, so that a message the server did get twice can be recognized.
/// </remarks>
internal sealed record OutgoingMessage(string Room, string Text, string ClientId)
{
    public static OutgoingMessage Create(string room, string text) => new(room, text, Guid.NewGuid().ToString("N"));
}
