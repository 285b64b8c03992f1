using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIo.Server.Parsing.Json;

/// <summary>
/// Writes NaN and infinities as <c>null</c>, as <c>JSON.stringify</c> does, where System.Text.Json would throw.
/// Finite values are written normally and reformatted the JS way afterwards.
/// </summary>
internal static class JsNumberConverter
{
    /// <summary>The converter for <see cref="double"/>.</summary>
    public static readonly JsonConverter<double> Double = new DoubleConverter();

    /// <summary>The converter for <see cref="float"/>.</summary>
    public static readonly JsonConverter<float> Single = new SingleConverter();

    private sealed class DoubleConverter : JsonConverter<double>
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

    private sealed class SingleConverter : JsonConverter<float>
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
