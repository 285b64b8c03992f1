namespace SocketIo.Server.Tests.Support;

/// <summary>Generated strings with a lone surrogate have no UTF-8 form, so round-trip properties leave them out.</summary>
internal static class Utf16Text
{
    public static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }
}
