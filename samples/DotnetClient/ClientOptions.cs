using System.Diagnostics.CodeAnalysis;

namespace DotnetClient;

/// <summary>The command line: where to connect, as whom, in which room, and what to say.</summary>
internal sealed record ClientOptions(Uri Url, string Name, string Room, IReadOnlyList<string> Say, bool ExitAfterAcks)
{
    public const string Usage =
        "usage: DotnetClient [--url http://localhost:3000] [--name NAME] [--room general] [--say TEXT]... [--exit-after-acks]";

    /// <summary>Reads the arguments; <paramref name="problem"/> says what is wrong with them when it returns false.</summary>
    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out ClientOptions? options, [NotNullWhen(false)] out string? problem)
    {
        var url = "http://localhost:3000";
        var name = Environment.UserName;
        var room = "general";
        var say = new List<string>();
        var exitAfterAcks = false;
        options = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--exit-after-acks")
            {
                exitAfterAcks = true;
                continue;
            }

            if (arg is not ("--url" or "--name" or "--room" or "--say"))
            {
                problem = $"unknown argument: {arg}";
                return false;
            }

            if (i + 1 >= args.Count)
            {
                problem = $"{arg} needs a value";
                return false;
            }

            var value = args[++i];
            switch (arg)
            {
                case "--url": url = value; break;
                case "--name": name = value; break;
                case "--room": room = value; break;
                default: say.Add(value); break;
            }
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problem = $"--url must be an http(s) URL: {url}";
            return false;
        }

        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(room))
        {
            problem = "--name and --room must not be empty";
            return false;
        }

        options = new ClientOptions(uri, name.Trim(), room.Trim(), say, exitAfterAcks);
        problem = null;
        return true;
    }
}
