using System.Text.Json.Serialization;

namespace SocketIo.Server.Engine;

/// <summary>The JSON body of a refused request: <c>{"code":N,"message":"..."}</c>.</summary>
internal sealed record EngineErrorBody(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message);

[JsonSerializable(typeof(EngineErrorBody))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
