using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>
/// Turns application values (event arguments, acknowledgement values, socket data) into trees
/// <see cref="JsonStringifyWriter"/> prints as <c>JSON.stringify</c> would: JSON primitives and
/// <see cref="JsonElement"/> as they are, anything else through System.Text.Json with the server's settings. It also
/// notices binary values, as Node's <c>hasBinary</c> does: a message holding binary is sent as MessagePack instead.
/// </summary>
internal sealed class AppValueJsonTree
{
    [ThreadStatic]
    private static bool t_sawBinary;

    private readonly JsonSerializerOptions _options;

    /// <summary>Creates the converter for the server's serializer settings.</summary>
    /// <param name="serializerOptions">The server's settings (copied, never changed); web defaults when null.</param>
    public AppValueJsonTree(JsonSerializerOptions? serializerOptions)
    {
        var options = serializerOptions is null ? new JsonSerializerOptions(JsonSerializerDefaults.Web) : new JsonSerializerOptions(serializerOptions);

        // Ahead of the application's converters: binary members must be seen, and NaN must not throw.
        options.Converters.Insert(0, new BinaryProbe<byte[]>());
        options.Converters.Insert(0, new BinaryProbe<ReadOnlyMemory<byte>>());
        options.Converters.Insert(0, new BinaryProbe<Memory<byte>>());
        options.Converters.Insert(0, new BinaryProbe<ArraySegment<byte>>());
        options.Converters.Insert(0, new FiniteDoubleConverter());
        options.Converters.Insert(0, new FiniteSingleConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        _options = options;
    }

    /// <summary>Starts watching for binary values on this thread.</summary>
    public static void BeginBinaryWatch() => t_sawBinary = false;

    /// <summary>Whether a binary value was met on this thread since <see cref="BeginBinaryWatch"/>.</summary>
    public static bool SawBinary => t_sawBinary;

    /// <summary>The value as a JSON tree; binary is noted (and printed as a Node Buffer's JSON if the JSON is kept).</summary>
    public object? ToTree(object? value)
    {
        switch (value)
        {
            case null or string or bool or int or long or double or JsonElement:
                return value;
            case byte[]:
                t_sawBinary = true;
                return value;
            case ReadOnlyMemory<byte> memory:
                t_sawBinary = true;
                return memory.ToArray();
            case Memory<byte> memory:
                t_sawBinary = true;
                return memory.ToArray();
            case ArraySegment<byte> segment:
                t_sawBinary = true;
                return segment.ToArray();
            default:
                return JsonSerializer.SerializeToElement(value, _options.GetTypeInfo(value.GetType()));
        }
    }

    private static void NoteBinary(Utf8JsonWriter writer)
    {
        t_sawBinary = true;
        writer.WriteNullValue();
    }

    private sealed class BinaryProbe<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("The adapter only writes application values.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => NoteBinary(writer);
    }

    // JSON.stringify prints NaN and the infinities as null where System.Text.Json would throw.
    private sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    private sealed class FiniteSingleConverter : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
        {
            if (float.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
