namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>One key and value of a map being written.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value.</param>
/// <param name="DeclaredType">
/// The type System.Text.Json would serialize the value as (a property's or a collection's declared type); null when
/// only the runtime type is known.
/// </param>
internal readonly record struct MapEntry(string Key, object? Value, Type? DeclaredType);
