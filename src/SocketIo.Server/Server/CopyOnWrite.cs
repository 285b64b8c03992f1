namespace SocketIo.Server;

/// <summary>
/// Lock-free changes of arrays that are never changed in place, only replaced: readers take the current array
/// without a lock, and writers, which are rare, retry when another writer replaced it first.
/// </summary>
internal static class CopyOnWrite
{
    /// <summary>Replaces <paramref name="location"/> with <paramref name="change"/>'s copy of it.</summary>
    public static void Update<T, TArgument>(ref T[] location, Func<T[], TArgument, T[]> change, TArgument argument)
    {
        var seen = Volatile.Read(ref location);
        while (true)
        {
            var next = change(seen, argument);
            var current = Interlocked.CompareExchange(ref location, next, seen);
            if (ReferenceEquals(current, seen))
            {
                return;
            }

            seen = current;
        }
    }
}
