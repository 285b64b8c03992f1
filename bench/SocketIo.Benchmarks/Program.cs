using BenchmarkDotNet.Running;

namespace SocketIo.Benchmarks;

/// <summary>Runs the micro-benchmarks: <c>dotnet run -c Release --project bench/SocketIo.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>Hands the command line to BenchmarkDotNet (filters, <c>--job short</c>, exporters...).</summary>
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
