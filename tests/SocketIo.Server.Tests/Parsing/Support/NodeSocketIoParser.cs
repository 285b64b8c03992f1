using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace SocketIo.Server.Tests.Parsing.Support;

/// <summary>Runs interop-tests/tools/parser-decode.mjs: the real npm socket.io-parser decodes what we encoded.</summary>
internal static class NodeSocketIoParser
{
    /// <summary>Decodes each (text without the Engine.IO 4, attachments); returns the tagged packets or {"error"}.</summary>
    public static async Task<JsonElement[]> DecodeAsync(IReadOnlyList<(string Text, byte[][] Attachments)> packets)
    {
        var file = Path.GetTempFileName();
        try
        {
            var entries = packets.Select(p => new { text = p.Text, attachments = p.Attachments.Select(Convert.ToBase64String).ToArray() });
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(entries), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            var start = new ProcessStartInfo("node", [RepositoryRoot.Combine("interop-tests", "tools", "parser-decode.mjs"), file])
            {
                WorkingDirectory = RepositoryRoot.Path,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                var message = await error;
                throw new InvalidOperationException($"parser-decode.mjs exited with {process.ExitCode}: {message[..Math.Min(message.Length, 2000)]}");
            }

            using var document = JsonDocument.Parse(await output);
            return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
