using System.Security.Cryptography;

namespace SocketIo.Adapter.Redis.Classic;

/// <summary>
/// Node and request ids of the classic protocol, as Node's <c>uid2(6)</c>: six characters drawn uniformly from
/// <c>A-Z a-z 0-9 _ -</c> by a cryptographic random source.
/// </summary>
internal static class ClassicIds
{
    /// <summary>The length of an id.</summary>
    public const int Length = 6;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    /// <summary>A new random id.</summary>
    public static string Create() => RandomNumberGenerator.GetString(Alphabet, Length);
}
