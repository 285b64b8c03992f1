using System.Text.Json;

namespace SocketIo.Server.Tests.Parsing.Support;

/// <summary>tests/SocketIo.Server.Tests/Parsing/golden/socket.io-parser.json, written by interop-tests/tools/parser-golden.mjs.</summary>
internal static class GoldenVectors
{
    private static readonly Lazy<JsonElement> Root = new(() =>
    {
        var path = RepositoryRoot.Combine("tests", "SocketIo.Server.Tests", "Parsing", "golden", "socket.io-parser.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    });

    public static JsonElement Section(string name) => Root.Value.GetProperty(name);

    public static JsonElement Encoded(string name) =>
        Section("encoded").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

    public static IEnumerable<object[]> EncodedNames() =>
        Section("encoded").EnumerateArray().Select(e => new object[] { e.GetProperty("name").GetString()! });

    public static IEnumerable<object[]> Texts(string section) =>
        Section(section).EnumerateArray().Select(e => new object[] { e.GetProperty("text").GetString()! });

    public static JsonElement Text(string section, string text) =>
        Section(section).EnumerateArray().Single(e => e.GetProperty("text").GetString() == text);
}
