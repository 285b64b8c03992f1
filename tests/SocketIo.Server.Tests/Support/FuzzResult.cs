using System.Globalization;

namespace SocketIo.Server.Tests.Support;

/// <summary>What a fuzz run did: the line the tests print, which run counts in a report come from.</summary>
/// <param name="Target">The decoder.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Seeds">How many corpus entries ran first.</param>
/// <param name="Generated">How many generated inputs ran.</param>
/// <param name="Elapsed">How long the generated inputs took.</param>
/// <param name="Rejected">How many inputs ended in the documented exception.</param>
/// <param name="SlowestInput">The longest one input took.</param>
/// <param name="LargestAllocation">The most bytes one input allocated.</param>
/// <param name="LargestAllocationInput">That input's length.</param>
internal sealed record FuzzResult(
    string Target,
    ulong Seed,
    int Seeds,
    long Generated,
    TimeSpan Elapsed,
    long Rejected,
    TimeSpan SlowestInput,
    long LargestAllocation,
    long LargestAllocationInput)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"fuzz {Target}: {Seeds} seeds + {Generated} generated inputs in {Elapsed.TotalSeconds:0.0} s, seed 0x{Seed:X}; "
        + $"{Rejected} rejected with the documented exception, nothing else thrown; slowest input {SlowestInput.TotalMilliseconds:0.0} ms; "
        + $"largest allocation {LargestAllocation} B (input of {LargestAllocationInput} B)");
}
