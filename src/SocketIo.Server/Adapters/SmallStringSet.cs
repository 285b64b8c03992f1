namespace SocketIo.Server.Adapters;

/// <summary>
/// A set of strings (ordinal) that costs nothing beyond its one field while it has one member, an exact-size array
/// while it has a few, and becomes a <see cref="HashSet{T}"/> only past <see cref="ArrayLimit"/>. Every socket is in
/// its own room and most in few others: both maps of <see cref="RoomIndex"/> are mostly such one-member sets.
/// Enumerates in insertion order while small (as a JavaScript Set does); as the hash set does once large.
/// </summary>
/// <remarks>
/// A mutable value: change it through a reference to where it is stored (a dictionary's value ref), never through a
/// copy. Not thread-safe; its owner locks.
/// </remarks>
internal struct SmallStringSet
{
    internal const int ArrayLimit = 8;

    // null (empty), a string (one member), a string[] of 2..ArrayLimit members, or a HashSet<string>.
    private object? _members;

    public readonly int Count => _members switch
    {
        null => 0,
        string => 1,
        string[] array => array.Length,
        _ => ((HashSet<string>)_members).Count,
    };

    public readonly bool Contains(string item) => _members switch
    {
        null => false,
        string single => string.Equals(single, item, StringComparison.Ordinal),
        string[] array => IndexOf(array, item) >= 0,
        _ => ((HashSet<string>)_members).Contains(item),
    };

    /// <summary>Adds <paramref name="item"/>; false when it was a member already.</summary>
    public bool Add(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        switch (_members)
        {
            case null:
                _members = item;
                return true;
            case string single:
                if (string.Equals(single, item, StringComparison.Ordinal))
                {
                    return false;
                }

                _members = new[] { single, item };
                return true;
            case string[] array:
                if (IndexOf(array, item) >= 0)
                {
                    return false;
                }

                if (array.Length < ArrayLimit)
                {
                    _members = (string[])[.. array, item];
                    return true;
                }

                _members = new HashSet<string>(array, StringComparer.Ordinal) { item };
                return true;
            default:
                return ((HashSet<string>)_members).Add(item);
        }
    }

    /// <summary>Removes <paramref name="item"/>; false when it was not a member.</summary>
    public bool Remove(string item)
    {
        switch (_members)
        {
            case null:
                return false;
            case string single:
                if (!string.Equals(single, item, StringComparison.Ordinal))
                {
                    return false;
                }

                _members = null;
                return true;
            case string[] array:
                var index = IndexOf(array, item);
                if (index < 0)
                {
                    return false;
                }

                _members = array.Length == 2 ? array[1 - index] : (string[])[.. array.AsSpan(0, index), .. array.AsSpan(index + 1)];
                return true;
            default:
                // A set that was large stays a hash set: it may well grow again.
                return ((HashSet<string>)_members).Remove(item);
        }
    }

    public readonly Enumerator GetEnumerator() => new(_members);

    private static int IndexOf(string[] array, string item)
    {
        for (var i = 0; i < array.Length; i++)
        {
            if (string.Equals(array[i], item, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Enumerates the members without allocating. The set must not change meanwhile.</summary>
    public struct Enumerator
    {
        private readonly string? _single;
        private readonly string[]? _array;
        private readonly bool _isHashSet;
        private HashSet<string>.Enumerator _hashSet;
        private int _index;

        internal Enumerator(object? members)
        {
            _single = members as string;
            _array = members as string[];
            if (members is HashSet<string> set)
            {
                _hashSet = set.GetEnumerator();
                _isHashSet = true;
            }

            _index = -1;
            Current = null!;
        }

        public string Current { get; private set; }

        public bool MoveNext()
        {
            if (_isHashSet)
            {
                if (!_hashSet.MoveNext())
                {
                    return false;
                }

                Current = _hashSet.Current;
                return true;
            }

            _index++;
            if (_array is not null)
            {
                if (_index >= _array.Length)
                {
                    return false;
                }

                Current = _array[_index];
                return true;
            }

            if (_index > 0 || _single is null)
            {
                return false;
            }

            Current = _single;
            return true;
        }
    }
}
