namespace SocketIo.Server;

/// <summary>
/// A client's sockets, one per namespace, as one immutable value: none, one socket, or an array of them. A client
/// usually joins one namespace, and then this holds no array at all.
/// </summary>
internal readonly struct ClientSockets
{
    // null (none), a Socket, or a Socket[] (which may be empty).
    private readonly object? _value;

    private ClientSockets(object? value) => _value = value;

    /// <summary>What to store (and compare-exchange) in a field.</summary>
    public object? Value => _value;

    public bool IsEmpty => _value is null or Socket[] { Length: 0 };

    /// <summary>Reads a value stored from <see cref="Value"/>.</summary>
    public static ClientSockets Of(object? value) => new(value);

    /// <summary>The socket of the namespace named <paramref name="namespaceName"/>, or null.</summary>
    public Socket? Find(ReadOnlySpan<char> namespaceName)
    {
        if (_value is Socket one)
        {
            return namespaceName.SequenceEqual(one.Namespace.Name) ? one : null;
        }

        foreach (var socket in (Socket[]?)_value ?? [])
        {
            if (namespaceName.SequenceEqual(socket.Namespace.Name))
            {
                return socket;
            }
        }

        return null;
    }

    /// <summary>These sockets with <paramref name="socket"/>, which replaces, in its place, the socket of its namespace.</summary>
    public ClientSockets With(Socket socket)
    {
        var all = ToArray();
        if (all.Length == 0)
        {
            return new(socket);
        }

        var index = Array.FindIndex(all, s => s.Namespace.Name == socket.Namespace.Name);
        if (index < 0)
        {
            return new((Socket[])[.. all, socket]);
        }

        if (all.Length == 1)
        {
            return new(socket);
        }

        var replaced = (Socket[])all.Clone();
        replaced[index] = socket;
        return new(replaced);
    }

    /// <summary>These sockets without <paramref name="socket"/>; false when it is not one of them.</summary>
    public bool TryRemove(Socket socket, out ClientSockets remaining)
    {
        var all = ToArray();
        var index = Array.IndexOf(all, socket);
        if (index < 0)
        {
            remaining = this;
            return false;
        }

        remaining = all.Length switch
        {
            1 => default,
            2 => new(all[1 - index]),
            _ => new((Socket[])[.. all.AsSpan(0, index), .. all.AsSpan(index + 1)]),
        };
        return true;
    }

    /// <summary>The sockets as an array (a new one for a single socket: rare paths only).</summary>
    public Socket[] ToArray() => _value switch
    {
        null => [],
        Socket one => [one],
        _ => (Socket[])_value,
    };
}
