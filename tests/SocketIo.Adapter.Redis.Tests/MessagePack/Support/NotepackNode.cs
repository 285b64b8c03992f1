using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocketIo.Adapter.Redis.Tests.MessagePack.Support;

/// <summary>Runs interop-tests/tools/notepack-vectors.mjs: the real notepack.io 3.0.1 encodes and decodes.</summary>
internal static class NotepackNode
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);
    private static readonly JsonDocumentOptions DeepJson = new() { MaxDepth = 2048 };

    /// <summary>One named JS value: notepack's bytes and what notepack decodes them to.</summary>
    public sealed record Vector(string Name, string Hex, JsonNode Value);

    /// <summary>Node's verdict on some bytes; <see cref="Expected"/> when an expectation was given.</summary>
    public sealed record Decoded(JsonNode? Value, string? Error, JsonNode? Expected, string? ExpectedHex);

    /// <summary>A request to decode <paramref name="Hex"/>, optionally with the JS expression it should equal.</summary>
    public sealed record DecodeItem(string Hex, string? Expect = null);

    /// <summary>All the script's named vectors.</summary>
    public static async Task<IReadOnlyList<Vector>> VectorsAsync()
    {
        var output = await RunAsync("vectors", stdin: null);
        var array = JsonNode.Parse(output, documentOptions: DeepJson)!.AsArray();
        return array.Select(v => new Vector((string)v!["name"]!, (string)v["hex"]!, v["value"]!.DeepClone())).ToList();
    }

    /// <summary>Decodes every item in one Node run.</summary>
    /// <param name="items">The items.</param>
    public static async Task<IReadOnlyList<Decoded>> DecodeAsync(IReadOnlyList<DecodeItem> items)
    {
        var input = new JsonArray(items.Select(i =>
        {
            var item = new JsonObject { ["hex"] = i.Hex };
            if (i.Expect is not null)
            {
                item["expect"] = i.Expect;
            }

            return (JsonNode)item;
        }).ToArray());
        var output = await RunAsync("decode", input.ToJsonString());
        return JsonNode.Parse(output, documentOptions: DeepJson)!.AsArray()
            .Select(r => new Decoded(r!["value"]?.DeepClone(), (string?)r["error"], r["expected"]?.DeepClone(), (string?)r["expectedHex"]))
            .ToList();
    }

    private static async Task<string> RunAsync(string mode, string? stdin)
    {
        var root = Root.Value;
        if (!Directory.Exists(Path.Combine(root, "node_modules", "notepack.io")))
        {
            throw new InvalidOperationException(
                $"node_modules/notepack.io is missing in {root}: run npm ci (or ./test.sh, which does) before these tests.");
        }

        var start = new ProcessStartInfo("node", [Path.Combine(root, "interop-tests", "tools", "notepack-vectors.mjs"), mode])
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };

        // String(date) depends on the time zone; the codec stringifies Date map keys as a UTC machine would.
        start.Environment["TZ"] = "UTC";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin);
            }

            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
            {
                var message = await error;
                throw new InvalidOperationException($"notepack-vectors.mjs {mode} exited with {process.ExitCode}: {message[..Math.Min(message.Length, 2000)]}");
            }

            return await output;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SocketIoSharp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SocketIoSharp.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Lowercase hex, as the script prints.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>The element <paramref name="json"/> parses to.</summary>
    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
