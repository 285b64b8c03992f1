using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Fuzzing.Support;

/// <summary>Engine.IO v4 packets and polling bodies: the spec's examples, the transport tests' cases, and broken ones.</summary>
internal static class EngineCorpus
{
    public static IReadOnlyList<byte[]> PollingBodies { get; } = FuzzFormat.Utf8(
        "4hello\u001ebAQIDBA==",
        "2\u001e3probe\u001e4\u001e5\u001e6\u001e1",
        "4€😀\u001e4مرحبا",
        "2probe",
        "3probe",
        "0{\"sid\":\"abc\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}",
        "40",
        "40/admin,{\"token\":\"t\"}",
        "42[\"chat\",\"hi\"]\u001e42[\"chat\",\"there\"]",
        "451-[\"x\",{\"_placeholder\":true,\"num\":0}]\u001ebAAE=",
        "b",
        "bAA==",
        "b====",
        "b!!",
        "bAQI",
        "4",
        "",
        "\u001e",
        "\u001e\u001e4x",
        "4x\u001e",
        "7",
        "9\u001e4x",
        "4x\u001e/\u001e4y",
        "b\u001e4x");

    public static FuzzFormat Format { get; } = new()
    {
        Tokens = FuzzFormat.Utf8("\u001e", "b", "0", "1", "2", "3", "4", "5", "6", "probe", "==", "=", "AAAA", "/", "+", "4[\"x\"]", "€", "\u00ff"),
        Numbers = ["0", "1", "2", "3", "4", "5", "6", "7", "9"],
    };
}
