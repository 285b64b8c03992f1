using System.Globalization;
using System.Security.Cryptography;

namespace SocketIo.Server.Tests.Support;

/// <summary>
/// How long a fuzz target runs. In the test suite: a fixed number of inputs from a fixed seed, so every run checks the
/// same inputs. On demand, from the environment: <c>FUZZ_ITERATIONS</c> (inputs per target), <c>FUZZ_SECONDS</c> (time
/// per target) and <c>FUZZ_SEED</c> (decimal or 0x-hex; a long run without it draws a fresh seed, which is printed).
/// </summary>
/// <param name="Seed">The run's seed; input i is generated from (seed, i) alone.</param>
/// <param name="Iterations">The most generated inputs to run.</param>
/// <param name="Duration">How long to keep generating inputs, if limited by time.</param>
/// <param name="OnDemand">Whether the environment asked for a longer or replayed run.</param>
internal sealed record FuzzSettings(ulong Seed, long Iterations, TimeSpan? Duration, bool OnDemand)
{
    /// <summary>The suite's seed when <c>FUZZ_SEED</c> is not set.</summary>
    public const ulong DefaultSeed = 0x5EED_0005;

    public static FuzzSettings FromEnvironment(long defaultIterations)
    {
        var seconds = Read("FUZZ_SECONDS", text => double.Parse(text, CultureInfo.InvariantCulture));
        var iterations = Read("FUZZ_ITERATIONS", text => long.Parse(text, CultureInfo.InvariantCulture));
        var seed = Read("FUZZ_SEED", ParseSeed);
        var onDemand = seconds is not null || iterations is not null || seed is not null;
        return new FuzzSettings(
            seed ?? (onDemand ? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) : DefaultSeed),
            iterations ?? (seconds is null ? defaultIterations : long.MaxValue),
            seconds is { } s ? TimeSpan.FromSeconds(s) : null,
            onDemand);
    }

    private static ulong ParseSeed(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : ulong.Parse(text, CultureInfo.InvariantCulture);

    private static T? Read<T>(string name, Func<string, T> parse)
        where T : struct =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? parse(text.Trim()) : null;
}
