using System.Text.Json;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>Numbers the adapter itself puts on the wire (timeouts, times), written as a JavaScript node writes them.</summary>
internal static class WireNumbers
{
    // Beyond 2^53 a double no longer holds every integer; JavaScript prints such values in its own way.
    private const double MaxSafeInteger = 9007199254740991;

    /// <summary>Writes the number as <c>JSON.stringify</c> prints it.</summary>
    public static void Write(Utf8JsonWriter writer, double value)
    {
        if (IsSafeInteger(value))
        {
            writer.WriteNumberValue((long)value);
        }
        else
        {
            writer.WriteRawValue(MessagePack.JsNumberText.ToString(value), skipInputValidation: true);
        }
    }

    /// <summary>The number for a MessagePack tree: an integer when integral (notepack.io writes those as ints), else a double.</summary>
    public static object ToTree(double value) => IsSafeInteger(value) ? (long)value : value;

    private static bool IsSafeInteger(double value) => value == Math.Floor(value) && Math.Abs(value) <= MaxSafeInteger;
}
