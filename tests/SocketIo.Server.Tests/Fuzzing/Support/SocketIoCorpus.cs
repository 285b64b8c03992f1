using System.Text.Json;
using SocketIo.Server.Tests.Parsing.Support;
using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Fuzzing.Support;

/// <summary>
/// Scripts for the Socket.IO decoder: every text and binary packet of the socket.io-parser golden vectors (valid and
/// rejected), and the hostile inputs of the threat table's parser rows.
/// </summary>
internal static class SocketIoCorpus
{
    private static readonly byte[] Blob = [0, 1, 2, 255];

    public static IReadOnlyList<SocketIoScript> Scripts { get; } = Build();

    public static FuzzFormat Format { get; } = new()
    {
        Tokens = FuzzFormat.Utf8(
            "[", "]", "{", "}", ",", ":", "\"", "-", "/", "\"x\"", "null", "true", "false", "[]", "{}", "1e400", "-0", "1.5",
            "\"_placeholder\"", "{\"_placeholder\":true,\"num\":0}", "{\"_placeholder\":true,\"num\":", "\"num\":", "\\u0000",
            "\"\\ud800\"", "\"\\udc00\"", "\"\\ud83d\\u0041\"", "{\"\\ud800\":1}", "\"\\ud83d\\ude00\"", "\\", "\\u", "\"connect\"", "\"__proto__\"", "\"constructor\"",
            "/admin,", "51-", "61-", "0", "1", "2", "3", "4", "5", "6", "\u00ff", "€", "\t", " "),
        Numbers = ["10", "11", "2147483647", "2147483648", "9223372036854775807", "9223372036854775808"],
        NestOpen = "["u8.ToArray(),
        NestClose = "]"u8.ToArray(),
    };

    private static List<SocketIoScript> Build()
    {
        var scripts = new List<SocketIoScript>();
        foreach (var vector in GoldenVectors.Section("encoded").EnumerateArray())
        {
            scripts.Add(SocketIoScript.Text(vector.GetProperty("text").GetString()!, Attachments(vector)));
        }

        foreach (var vector in GoldenVectors.Section("texts").EnumerateArray())
        {
            scripts.Add(SocketIoScript.Text(vector.GetProperty("text").GetString()!));
        }

        foreach (var vector in GoldenVectors.Section("binaryTexts").EnumerateArray())
        {
            scripts.Add(SocketIoScript.Text(vector.GetProperty("text").GetString()!, Attachments(vector)));
        }

        // The threat table's parser rows: attachment caps, zero attachments, placeholders, the state machine.
        scripts.Add(SocketIoScript.Text("45999999999-[\"x\"]"));
        scripts.Add(SocketIoScript.Text("450-[\"x\"]", Blob, Blob));
        scripts.Add(SocketIoScript.Text("451-[\"h\",{\"_placeholder\":true,\"num\":\"splice\"}]", Blob));
        scripts.Add(SocketIoScript.Text("452-[\"h\",{\"_placeholder\":true,\"num\":1},{\"a\":[{\"_placeholder\":true,\"num\":0}]}]", Blob, Blob));
        scripts.Add(SocketIoScript.Text("451-[\"h\",{\"_placeholder\":true,\"num\":-1}]", Blob));
        scripts.Add(SocketIoScript.Text("451-[\"h\",{\"_placeholder\":true,\"num\":0.5}]", Blob));
        scripts.Add(new SocketIoScript([new SocketIoMessage(true, Blob)]));
        scripts.Add(new SocketIoScript([new SocketIoMessage(false, "451-[\"x\",{\"_placeholder\":true,\"num\":0}]"u8.ToArray()), new SocketIoMessage(false, "42[\"x\"]"u8.ToArray())]));
        scripts.Add(SocketIoScript.Text("2/chat,99[\"ask\",{\"deep\":[[[[1]]]]},\"2020-01-01T00:00:00Z\",\"AAEC\",12.5,-7]"));
        scripts.Add(SocketIoScript.Text("0/chat,{\"pid\":\"p\",\"offset\":\"o\",\"token\":\"t\"}"));
        scripts.Add(SocketIoScript.Text("3/chat,7[{\"_placeholder\":true},\"done\"]"));
        return scripts;
    }

    private static byte[][] Attachments(JsonElement vector) =>
        vector.TryGetProperty("attachments", out var attachments)
            ? [.. attachments.EnumerateArray().Select(a => Convert.FromBase64String(a.GetString()!))]
            : [];
}
