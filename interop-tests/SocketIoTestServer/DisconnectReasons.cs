using System.Collections.Concurrent;

namespace SocketIoTestServer;

/// <summary>
/// The reason each socket disconnected with, as the server saw it, so that a test can ask for it from another
/// socket. Asking before the disconnect has happened waits for it: the client may learn of its disconnect first.
/// </summary>
internal sealed class DisconnectReasons
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _reasons = new(StringComparer.Ordinal);

    public void Record(string namespaceName, string socketId, string reason) => Entry(namespaceName, socketId).TrySetResult(reason);

    /// <summary>The reason, or null when the socket has not disconnected within <paramref name="timeout"/>.</summary>
    public async Task<string?> WaitAsync(string namespaceName, string socketId, TimeSpan timeout)
    {
        try
        {
            return await Entry(namespaceName, socketId).Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private TaskCompletionSource<string> Entry(string namespaceName, string socketId) =>
        _reasons.GetOrAdd($"{namespaceName}#{socketId}", _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
