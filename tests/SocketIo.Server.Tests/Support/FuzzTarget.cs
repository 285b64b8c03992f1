namespace SocketIo.Server.Tests.Support;

/// <summary>One decoder under fuzz: how inputs are made, what decoding one means, and what it may throw.</summary>
/// <typeparam name="TInput">A byte string, or a script of messages for a stateful decoder.</typeparam>
internal sealed class FuzzTarget<TInput>
{
    public required string Name { get; init; }

    /// <summary>Valid and known-invalid inputs: run first, and the material mutations start from.</summary>
    public required IReadOnlyList<TInput> Seeds { get; init; }

    /// <summary>Makes one input from the generator it is given (and nothing else, so it can be replayed).</summary>
    public required Func<FuzzRandom, TInput> Generate { get; init; }

    /// <summary>Decodes one input the way the product does, from a fresh decoder; returns what the next layer reads.</summary>
    public required Func<TInput, object?> Decode { get; init; }

    /// <summary>
    /// Uses the decoded value as the product's next layer may (e.g. binding arguments to types). Checked for
    /// exceptions and time like <see cref="Decode"/>, but not for allocation: its failures are exceptions, whose stack
    /// traces cost kilobytes each.
    /// </summary>
    public Action<object?>? Inspect { get; init; }

    /// <summary>The exception types the decoder documents (matched exactly); none for a decoder that never throws.</summary>
    public IReadOnlyList<Type> Documented { get; init; } = [];

    /// <summary>The input's size in bytes, which the allocation bound scales with.</summary>
    public required Func<TInput, long> Length { get; init; }

    /// <summary>The input written out so that a failure can be turned into a regression test.</summary>
    public required Func<TInput, string> Describe { get; init; }

    public required FuzzLimits Limits { get; init; }
}

/// <summary>
/// The bounds each input must decode within. The time bound is a hang detector, not a benchmark: it is far above what
/// any input takes, so only a loop or a super-linear blow-up crosses it. Allocation must stay within
/// <see cref="BytesPerInputByte"/> × the input's length + <see cref="ConstantBytes"/>.
/// </summary>
internal sealed record FuzzLimits(double BytesPerInputByte, long ConstantBytes)
{
    public TimeSpan PerInput { get; init; } = TimeSpan.FromMilliseconds(250);

    public long AllocationLimit(long inputLength) => (long)(BytesPerInputByte * inputLength) + ConstantBytes;
}
