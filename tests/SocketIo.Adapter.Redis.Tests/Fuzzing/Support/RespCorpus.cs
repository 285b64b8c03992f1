using SocketIo.Server.Tests.Support;

namespace SocketIo.Adapter.Redis.Tests.Fuzzing.Support;

/// <summary>
/// What a Redis server sends: replies of every RESP2 and RESP3 type, pub/sub messages as arrays and pushes, the HELLO
/// map, attributes, and frames at the reader's limits.
/// </summary>
internal static class RespCorpus
{
    public static IReadOnlyList<byte[]> Frames { get; } = FuzzFormat.Utf8(
        "+OK\r\n",
        "-ERR unknown command\r\n",
        ":0\r\n:-1\r\n:9223372036854775807\r\n",
        "$5\r\nhello\r\n",
        "$0\r\n\r\n",
        "$-1\r\n",
        "*-1\r\n",
        "*0\r\n",
        "*2\r\n$3\r\nfoo\r\n:1\r\n",
        "*3\r\n$9\r\nsubscribe\r\n$12\r\nsocket.io#/#\r\n:1\r\n",
        "*3\r\n$7\r\nmessage\r\n$12\r\nsocket.io#/#\r\n$5\r\nhello\r\n",
        "*4\r\n$8\r\npmessage\r\n$13\r\nsocket.io#/#*\r\n$18\r\nsocket.io#/#lobby#\r\n$2\r\nhi\r\n",
        ">3\r\n$8\r\nsmessage\r\n$12\r\nsocket.io#/#\r\n$2\r\n{}\r\n",
        ">3\r\n$7\r\nmessage\r\n$12\r\nsocket.io#/#\r\n$3\r\nabc\r\n",
        ">4\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n:1\r\n_\r\n",
        "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.2.4\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:1\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n",
        "~2\r\n+a\r\n+b\r\n",
        "_\r\n",
        "#t\r\n#f\r\n",
        ",1.5\r\n,inf\r\n,-inf\r\n,nan\r\n,1e308\r\n",
        "(3492890328409238509324850943850943825024385\r\n",
        "!21\r\nSYNTAX invalid syntax\r\n",
        "=15\r\ntxt:Some string\r\n",
        "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n",
        "*2\r\n*1\r\n*1\r\n*0\r\n:1\r\n",
        "*3\r\n$12\r\npunsubscribe\r\n$13\r\nsocket.io#/#*\r\n:0\r\n",
        "$536870913\r\n",
        "*16777217\r\n",
        "%8388609\r\n");

    public static FuzzFormat Format { get; } = new()
    {
        Tokens = FuzzFormat.Utf8(
            "\r\n", "\r", "\n", "+", "-", ":", "$", "*", "%", "~", ">", "_", "#", ",", "(", "!", "=", "|", "$-1\r\n", "*-1\r\n",
            "*1\r\n", "%1\r\n", "|1\r\n", ">3\r\n", "$7\r\nmessage\r\n", "$8\r\nsmessage\r\n", "$8\r\npmessage\r\n", "$12\r\nsocket.io#/#\r\n",
            "$0\r\n\r\n", "txt:", "inf", "nan", "t", "f"),
        Numbers = ["536870912", "536870913", "16777216", "16777217", "8388608", "8388609", "65536", "65537", "4611686018427387904", "4611686018427387903", "3074457345618258603"],
        NestOpen = "*1\r\n"u8.ToArray(),
    };
}
