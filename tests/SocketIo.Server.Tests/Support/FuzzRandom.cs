namespace SocketIo.Server.Tests.Support;

/// <summary>
/// A small deterministic PRNG (xoshiro256**, seeded through SplitMix64) for the fuzz harness: the same seed gives the
/// same inputs on every machine and runtime, which <see cref="Random"/> does not promise.
/// </summary>
internal sealed class FuzzRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public FuzzRandom(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
    }

    /// <summary>The generator of input <paramref name="index"/> of a run: independent of the inputs before it, so one input replays alone.</summary>
    public static FuzzRandom ForInput(ulong runSeed, long index)
    {
        var mixed = runSeed ^ ((ulong)index * 0x9E3779B97F4A7C15UL);
        return new FuzzRandom(SplitMix(ref mixed));
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A number in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)(NextUInt64() % (ulong)maxExclusive);

    /// <summary>A number in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    /// <summary>True with probability 1 / <paramref name="n"/>.</summary>
    public bool OneIn(int n) => Next(n) == 0;

    /// <summary>A length skewed towards small values but reaching <paramref name="max"/>: most inputs are short, some are long.</summary>
    public int NextLength(int max) => Next(Next(4) switch { 0 => Math.Min(max, 4), 1 => Math.Min(max, 64), 2 => Math.Min(max, 1024), _ => max } + 1);

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public void NextBytes(Span<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)NextUInt64();
        }
    }

    private static ulong SplitMix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
