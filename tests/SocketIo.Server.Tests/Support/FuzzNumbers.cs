using System.Buffers.Binary;

namespace SocketIo.Server.Tests.Support;

/// <summary>Numbers where parsers tend to break: signs, type boundaries, 2^31, 2^53, 2^63, 2^64, and what JS makes of them.</summary>
internal static class FuzzNumbers
{
    public static IReadOnlyList<string> Texts { get; } =
    [
        "0", "-0", "1", "-1", "00", "01", "-", "+1", "127", "128", "255", "256", "32767", "32768", "65535", "65536",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296", "9007199254740991",
        "9007199254740992", "9007199254740993", "-9007199254740992", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "4611686018427387904", "99999999999999999999999999999999999999", "1e400", "-1e400", "1e-400", "1.5", "1.0", "1e0",
        "0x10", "NaN", "Infinity", "-Infinity", "1e21", "5e-324", " 1", "1 ", "١",
    ];

    /// <summary>Values written big-endian over 1, 2, 4 or 8 bytes by <see cref="Write"/>.</summary>
    public static IReadOnlyList<ulong> Binary { get; } =
    [
        0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
        0x100000000, 1UL << 53, (1UL << 53) + 1, long.MaxValue, 1UL << 63, ulong.MaxValue, 0x7ff0000000000000,
        0x7ff8000000000000, 0xfff0000000000000,
    ];

    /// <summary>Writes the low <paramref name="width"/> bytes of <paramref name="value"/> big-endian.</summary>
    public static void Write(Span<byte> destination, ulong value, int width)
    {
        Span<byte> full = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(full, value);
        full[(8 - width)..].CopyTo(destination);
    }
}
