namespace DotnetClient;

/// <summary>What the user says: the <c>--say</c> texts when there are any, else the lines of standard input.</summary>
internal static class ConsoleInput
{
    public static async IAsyncEnumerable<string> Lines(ClientOptions options)
    {
        if (options.Say.Count > 0)
        {
            foreach (var text in options.Say)
            {
                yield return text;
            }

            yield break;
        }

        // Console.In reads synchronously even through ReadLineAsync: each read gets a thread of its own so the
        // connection keeps running while the user types.
        while (await Task.Run(Console.In.ReadLine) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return line;
            }
        }
    }
}
