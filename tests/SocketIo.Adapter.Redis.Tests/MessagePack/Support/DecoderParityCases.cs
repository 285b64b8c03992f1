namespace SocketIo.Adapter.Redis.Tests.MessagePack.Support;

/// <summary>
/// Hand-made MessagePack that notepack.io must read the same way as the codec: formats notepack never writes, legacy
/// extensions, keys that are not strings, invalid UTF-8, and malformed input (which both must reject).
/// </summary>
internal static class DecoderParityCases
{
    public static IReadOnlyList<string> All { get; } =
    [
        // Numbers in every width, float32 included.
        "ca3fc00000", "ca3dcccccd", "ca7f800000", "caff800000", "ca7fc00000", "cb8000000000000000", "cbfff8000000000001",
        "cc05", "cd0001", "ce00000001", "cf0000000000000001", "cf0020000000000001", "cfffffffffffffffff", "cf8000000000000000",
        "d005", "d0ff", "d1ffff", "d2ffffffff", "d3ffffffffffffffff", "d37fffffffffffffff", "d38000000000000001", "d38000000000000000",

        // Strings, binaries, containers in wider formats than needed.
        "d90161", "da000161", "db0000000161", "c50001ff", "c600000001ff", "dc0001c0", "dd00000001c0", "de0001a161c0",
        "df00000001a161c0", "dc0000", "de0000",

        // Extensions: legacy undefined, Date and ArrayBuffer, timestamps of every size, and opaque ones.
        "d40000", "d40501", "d4ff01", "d5050102", "d5000102", "d60501020304", "d6ff00000001", "d600000000ff",
        "d7000000000000000001", "d700ffffffffffffffff", "d700000000e8d4a51000", "d7ff0000000400000001", "d7ffee6b27fc00000000",
        "d7050102030405060708", "d8050102030405060708090a0b0c0d0e0f10",
        "d8ff0102030405060708090a0b0c0d0e0f10", "c70300010203", "c70305010203",
        "c70300010203", "c8000300010203", "c80003ff010203", "c90000000300010203",
        "c9000000030a010203", "c70cff0007a120ffffffffffffffff", "c70cff3b9ac9ffffffffffffffffff", "c70cff000000000000000000000000",
        "c70cff000000010000000000000001", "c70005",

        // Map keys that are not strings, duplicates, __proto__, and the order JS enumerates keys in.
        "8201a16102a162", "81cb3ff8000000000000a161", "81c0a161", "81c3a161", "81c2a161", "81c403616263a161", "81920102a161",
        "8181a16101a162", "81d40000a161", "81d6ff00000000a161", "81d7ff0000000400000001a161", "81c702006162a161", "81d5056162a161",
        "8192c0c0a161", "819292010293c0c003a161", "81cb4415af1d78b58c40a161", "81cb444b1ae4d6e2ef50a161", "81cb8000000000000000a161",
        "81cb7ff8000000000000a161", "81cbfff0000000000000a161", "81cb3eb0c6f7a0b5ed8da161", "81cf0020000000000001a161", "81d3ffffffffffffffffa161",
        "82a16101a16102", "81a95f5f70726f746f5f5f01", "82a95f5f70726f746f5f5f81a16101a16202", "82a95f5f70726f746f5f5fc0a16202",
        "83a16201a13202a13103", "84a3303130a1300aaa3432393439363732393501aa343239343936373239340b", "82a1610181a1620102",

        // Invalid UTF-8 becomes U+FFFD, maximal subpart by maximal subpart.
        "a2fffe", "a3e282ff", "a2c328", "a4f0908080", "a3eda080", "a4f4908080", "a2c080", "a180", "a5e2828241", "a3f09f98", "a261c3",

        // Malformed: Node throws, so must the codec.
        "c1", "", "cd00", "a561", "9201", "c40501", "d400", "8101", "dc00", "c70cff000000", "d6ff0000", "92c1c0",
    ];
}
