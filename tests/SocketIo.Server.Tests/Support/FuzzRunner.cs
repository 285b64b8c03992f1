using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SocketIo.Server.Tests.Support;

/// <summary>
/// Runs a <see cref="FuzzTarget{TInput}"/>: the seeds once (warming up JIT and static caches, exceptions checked),
/// then generated inputs as <see cref="FuzzSettings"/> says. Every input must decode or end in a documented
/// exception, within the time and allocation bounds; the first that does not fails the test with the seed, the
/// replay command and the input.
/// </summary>
internal static class FuzzRunner
{
    private const int MaxDescribedBytes = 512;

    public static FuzzResult Run<TInput>(FuzzTarget<TInput> target, long defaultIterations, ITestOutputHelper? output = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var settings = FuzzSettings.FromEnvironment(defaultIterations);
        var stats = new Stats();
        foreach (var seed in target.Seeds)
        {
            Check(target, seed, settings, index: -1, stats, measure: false);
        }

        var clock = Stopwatch.StartNew();
        long generated = 0;
        for (; generated < settings.Iterations; generated++)
        {
            if (settings.Duration is { } duration && (generated & 63) == 0 && clock.Elapsed >= duration)
            {
                break;
            }

            var input = target.Generate(FuzzRandom.ForInput(settings.Seed, generated));
            Check(target, input, settings, generated, stats, measure: true);
        }

        var result = new FuzzResult(
            target.Name, settings.Seed, target.Seeds.Count, generated, clock.Elapsed, stats.Rejected, stats.Slowest, stats.LargestAllocation, stats.LargestAllocationInput);
        output?.WriteLine(result.ToString());
        return result;
    }

    /// <summary>Checks one input (a regression found by an earlier run) against the target's contract and bounds.</summary>
    public static void Replay<TInput>(FuzzTarget<TInput> target, TInput input)
    {
        ArgumentNullException.ThrowIfNull(target);
        var settings = new FuzzSettings(Seed: 0, Iterations: 1, Duration: null, OnDemand: false);
        Check(target, input, settings, index: -1, new Stats(), measure: false);
        Check(target, input, settings, index: -1, new Stats(), measure: true);
    }

    /// <summary>
    /// Bytes as text a test can paste: printable ASCII kept, everything else as \xNN; long inputs are cut, and saved
    /// whole to a file whose path is given.
    /// </summary>
    public static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes[..Math.Min(bytes.Length, MaxDescribedBytes)])
        {
            text.Append(b is >= 0x20 and < 0x7f and not (byte)'\\' ? (char)b : $"\\x{b:x2}");
        }

        if (bytes.Length <= MaxDescribedBytes)
        {
            return $"\"{text}\" (hex {Convert.ToHexString(bytes)})";
        }

        var path = Path.Combine(Path.GetTempPath(), $"fuzz-input-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}.bin");
        File.WriteAllBytes(path, bytes.ToArray());
        return $"\"{text}\"... ({bytes.Length} bytes, all of them in {path})";
    }

    private static void Check<TInput>(FuzzTarget<TInput> target, TInput input, FuzzSettings settings, long index, Stats stats, bool measure)
    {
        var run = Measure(target, input);
        var length = target.Length(input);
        var limit = target.Limits.AllocationLimit(length);
        if (measure && (run.Elapsed > target.Limits.PerInput || run.Allocated > limit))
        {
            // Once more before blaming the decoder: a GC pause, a busy machine or a first-time static initialisation
            // is not its fault; a loop or a blow-up happens again.
            run = Measure(target, input);
        }

        if (run.Error is { } error && !target.Documented.Contains(error.GetType()))
        {
            Fail(target, input, settings, index, $"threw {error.GetType().Name}, not one of [{string.Join(", ", target.Documented.Select(t => t.Name))}]", error);
        }

        if (measure && run.Elapsed > target.Limits.PerInput)
        {
            Fail(target, input, settings, index, $"took {run.Elapsed.TotalMilliseconds:0} ms (bound {target.Limits.PerInput.TotalMilliseconds:0} ms)", null);
        }

        if (measure && run.Allocated > limit)
        {
            Fail(target, input, settings, index, $"allocated {run.Allocated} B for {length} B of input (bound {limit} B)", null);
        }

        if (measure)
        {
            stats.Add(run, length);
        }
    }

    private static Measurement Measure<TInput>(FuzzTarget<TInput> target, TInput input)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        object? decoded = null;
        Exception? error = null;
        try
        {
            decoded = target.Decode(input);
        }
#pragma warning disable CA1031 // Catching everything is the point: any exception is either documented or a finding.
        catch (Exception ex)
        {
            error = ex;
        }

        var decodeTime = Stopwatch.GetElapsedTime(start);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        start = Stopwatch.GetTimestamp();
        if (error is null && target.Inspect is { } inspect)
        {
            try
            {
                inspect(decoded);
            }
            catch (Exception ex)
            {
                error = ex;
            }
        }
#pragma warning restore CA1031

        var inspectTime = Stopwatch.GetElapsedTime(start);
        return new Measurement(error, decodeTime > inspectTime ? decodeTime : inspectTime, allocated);
    }

    private static void Fail<TInput>(FuzzTarget<TInput> target, TInput input, FuzzSettings settings, long index, string what, Exception? error)
    {
        var which = index < 0 ? "a seed or regression" : $"generated input {index}";
        var replay = index < 0 ? string.Empty : $" (replay: FUZZ_SEED=0x{settings.Seed:X} FUZZ_ITERATIONS={index + 1})";
        throw new XunitException(
            $"fuzz {target.Name}: {which} of seed 0x{settings.Seed:X}{replay} {what}.{Environment.NewLine}"
            + $"Input: {target.Describe(input)}{Environment.NewLine}{error}");
    }

    /// <summary>The outcome of one input; <see cref="Elapsed"/> is the longer of decoding and inspecting.</summary>
    private readonly record struct Measurement(Exception? Error, TimeSpan Elapsed, long Allocated);

    private sealed class Stats
    {
        public long Rejected { get; private set; }

        public TimeSpan Slowest { get; private set; }

        public long LargestAllocation { get; private set; }

        public long LargestAllocationInput { get; private set; }

        public void Add(Measurement run, long length)
        {
            Rejected += run.Error is null ? 0 : 1;
            Slowest = run.Elapsed > Slowest ? run.Elapsed : Slowest;
            if (run.Allocated > LargestAllocation)
            {
                LargestAllocation = run.Allocated;
                LargestAllocationInput = length;
            }
        }
    }
}
