using System.Diagnostics;
using System.Globalization;

namespace SocketIo.Server.Tests.Security.ThreatTable.Support;

/// <summary>
/// A small seeded fuzzer for decoders: random bytes and mutations of a seed corpus (bit flips, interesting bytes,
/// insertions, deletions, splices, long runs of one byte). Each input must be decoded or refused with one of the
/// decoder's documented exceptions, within a time budget and an allocation budget proportional to its length.
/// The suite runs a bounded number of inputs; <c>SOCKETIO_FUZZ_ITERATIONS</c> runs more, <c>SOCKETIO_FUZZ_SEED</c>
/// changes or replays the sequence (a failure names both).
/// </summary>
internal sealed class DecoderFuzzer
{
    /// <summary>What a decoder may spend per input: fixed overhead plus a multiple of the input's length.</summary>
    public const long AllocationOverhead = 64 * 1024;

    private static readonly byte[] Interesting = "[]{}\",:-/0123456789_bn\u001e"u8.ToArray().Concat(new byte[] { 0, 0x7f, 0x80, 0xc0, 0xdc, 0xdd, 0xde, 0xdf, 0xff }).ToArray();

    private readonly IReadOnlyList<byte[]> _corpus;
    private readonly Random _random;
    private readonly int _maxLength;

    public DecoderFuzzer(IReadOnlyList<byte[]> corpus, int maxLength = 64 * 1024)
    {
        _corpus = corpus;
        _maxLength = maxLength;
        Seed = int.TryParse(Environment.GetEnvironmentVariable("SOCKETIO_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : 20_260_705;
        _random = new Random(Seed);
    }

    public int Seed { get; }

    /// <summary>The inputs to run: <paramref name="defaultIterations"/> unless <c>SOCKETIO_FUZZ_ITERATIONS</c> says otherwise.</summary>
    public static int Iterations(int defaultIterations) =>
        int.TryParse(Environment.GetEnvironmentVariable("SOCKETIO_FUZZ_ITERATIONS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : defaultIterations;

    /// <summary>The next input.</summary>
    public byte[] Next()
    {
        if (_random.Next(10) == 0)
        {
            var noise = new byte[_random.Next(64)];
            _random.NextBytes(noise);
            return noise;
        }

        var input = new List<byte>(_corpus[_random.Next(_corpus.Count)]);
        var mutations = 1 + _random.Next(4);
        for (var i = 0; i < mutations; i++)
        {
            Mutate(input);
        }

        return [.. input.Take(_maxLength)];
    }

    /// <summary>
    /// Runs <paramref name="iterations"/> inputs through <paramref name="decode"/>; throws, naming the input, on an
    /// exception <paramref name="isDocumented"/> refuses, on an input over <paramref name="timeLimit"/> (best of
    /// three, so a GC pause elsewhere does not count), or over <paramref name="allocationFactor"/> × its length plus
    /// <see cref="AllocationOverhead"/> bytes allocated.
    /// </summary>
    public FuzzReport Run(int iterations, Action<byte[]> decode, Func<Exception, bool> isDocumented, TimeSpan timeLimit, int allocationFactor)
    {
        var report = new FuzzReport();
        for (var i = 0; i < iterations; i++)
        {
            var input = Next();
            var (refused, elapsed, allocated) = Measure(input, decode, isDocumented, i);
            for (var retry = 0; retry < 2 && elapsed > timeLimit; retry++)
            {
                elapsed = TimeSpan.FromTicks(Math.Min(elapsed.Ticks, Measure(input, decode, isDocumented, i).Elapsed.Ticks));
            }

            var budget = AllocationOverhead + ((long)allocationFactor * input.Length);
            if (elapsed > timeLimit || allocated > budget)
            {
                throw new InvalidOperationException(
                    $"Input #{i} (seed {Seed}) took {elapsed.TotalMilliseconds:F1} ms and allocated {allocated} bytes " +
                    $"(limits {timeLimit.TotalMilliseconds} ms, {budget} bytes): {Describe(input)}");
            }

            report.Add(refused, elapsed, allocated);
        }

        return report;
    }

    private static (bool Refused, TimeSpan Elapsed, long Allocated) Measure(byte[] input, Action<byte[]> decode, Func<Exception, bool> isDocumented, int index)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var refused = false;
        try
        {
            decode(input);
        }
        catch (Exception ex) when (isDocumented(ex))
        {
            refused = true;
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"Input #{index} threw an undocumented {ex.GetType().Name}: {Describe(input)}", ex);
        }

        clock.Stop();
        return (refused, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
    }

    private static string Describe(byte[] input) =>
        $"{input.Length} bytes, hex {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 256)))}{(input.Length > 256 ? "..." : string.Empty)}";

    private void Mutate(List<byte> input)
    {
        var at = input.Count == 0 ? 0 : _random.Next(input.Count);
        switch (_random.Next(7))
        {
            case 0 when input.Count > 0:
                input[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when input.Count > 0:
                input[at] = Interesting[_random.Next(Interesting.Length)];
                break;
            case 2:
                input.Insert(at, Interesting[_random.Next(Interesting.Length)]);
                break;
            case 3 when input.Count > 0:
                input.RemoveRange(at, Math.Min(input.Count - at, 1 + _random.Next(8)));
                break;
            case 4:
                var other = _corpus[_random.Next(_corpus.Count)];
                var from = other.Length == 0 ? 0 : _random.Next(other.Length);
                input.InsertRange(at, other.Skip(from).Take(1 + _random.Next(32)));
                break;
            case 5:
                // Long runs: deep nesting, huge numbers, endless separators.
                input.InsertRange(at, Enumerable.Repeat(Interesting[_random.Next(Interesting.Length)], 1 + _random.Next(_random.Next(2) == 0 ? 64 : 4096)));
                break;
            default:
                input.Add((byte)_random.Next(256));
                break;
        }
    }
}

/// <summary>What a fuzz run saw.</summary>
internal sealed class FuzzReport
{
    public int Inputs { get; private set; }

    public int Refused { get; private set; }

    public TimeSpan Slowest { get; private set; }

    public long MostAllocated { get; private set; }

    public void Add(bool refused, TimeSpan elapsed, long allocated)
    {
        Inputs++;
        Refused += refused ? 1 : 0;
        Slowest = elapsed > Slowest ? elapsed : Slowest;
        MostAllocated = Math.Max(MostAllocated, allocated);
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Inputs} inputs, {Refused} refused, slowest {Slowest.TotalMilliseconds:F2} ms, most allocated {MostAllocated} bytes");
}
