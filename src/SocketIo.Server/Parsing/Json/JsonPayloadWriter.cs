namespace SocketIo.Server.Parsing.Json;

/// <summary>Writes a packet payload: exactly one JSON value, or nothing for no payload.</summary>
/// <typeparam name="TState">What the callback needs, passed without a closure.</typeparam>
/// <param name="writer">Where to write.</param>
/// <param name="state">The caller's state.</param>
internal delegate void JsonPayloadWriter<in TState>(JsonStringifyWriter writer, TState state);
