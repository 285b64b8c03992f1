using System.Globalization;

namespace SocketIo.Adapter.Redis.MessagePack;

/// <summary>
/// JavaScript Dates as .NET sees them: whole milliseconds since the Unix epoch. Sub-millisecond precision is dropped
/// going out (a JS Date has none) and truncated coming in, as <c>new Date(x)</c> truncates.
/// </summary>
internal static class JsDate
{
    private const long UnixEpochMilliseconds = 62_135_596_800_000;

    // ECMA-262 TimeClip: a Date beyond ±8.64e15 ms is invalid.
    private const double MaxTimeValue = 8.64e15;

    private static readonly long MinMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>The JS time value of a <see cref="DateTimeOffset"/> (whole milliseconds, rounded down).</summary>
    /// <param name="value">The time.</param>
    public static long ToUnixMilliseconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    /// <summary>
    /// The JS time value of a <see cref="DateTime"/>. Local and unspecified kinds are converted as
    /// <see cref="DateTime.ToUniversalTime"/> does (as local time), like <see cref="DateTimeOffset"/>'s conversion.
    /// </summary>
    /// <param name="value">The time.</param>
    public static long ToUnixMilliseconds(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
        return (utc.Ticks / TimeSpan.TicksPerMillisecond) - UnixEpochMilliseconds;
    }

    /// <summary>
    /// What <c>new Date(time)</c> gives for a computed time value: truncated toward zero; false when JS would give an
    /// Invalid Date or a date .NET cannot hold (outside years 1-9999).
    /// </summary>
    /// <param name="time">Milliseconds since the epoch, possibly fractional.</param>
    /// <param name="value">The date.</param>
    public static bool TryCreate(double time, out DateTimeOffset value)
    {
        value = default;
        if (!double.IsFinite(time) || Math.Abs(time) > MaxTimeValue)
        {
            return false;
        }

        var milliseconds = (long)Math.Truncate(time);
        if (milliseconds < MinMilliseconds || milliseconds > MaxMilliseconds)
        {
            return false;
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        return true;
    }

    /// <summary><c>Date.prototype.toISOString</c> (what <c>JSON.stringify</c> prints for a Date).</summary>
    /// <param name="value">The date.</param>
    public static string ToIsoString(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>Date.prototype.toString</c> in a UTC time zone (what <c>String(date)</c> prints there).</summary>
    /// <param name="value">The date.</param>
    public static string ToDateString(DateTimeOffset value) =>
        value.UtcDateTime.ToString("ddd MMM dd yyyy HH':'mm':'ss", CultureInfo.InvariantCulture) + " GMT+0000 (Coordinated Universal Time)";
}
