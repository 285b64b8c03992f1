using SocketIo.Server.Tests.Support;

namespace SocketIo.Server.Tests.Fuzzing.Support;

/// <summary>
/// Makes scripts: a corpus script with one message mutated (usually), or with messages added, dropped, repeated,
/// turned from text to binary or back, or taken from another script; now and then a script of random messages.
/// </summary>
internal sealed class SocketIoScriptMutator(FuzzMutator bytes, IReadOnlyList<SocketIoScript> corpus)
{
    private readonly byte[][] _messages = [.. corpus.SelectMany(s => s.Messages).Select(m => m.Data)];

    public SocketIoScript Next(FuzzRandom random)
    {
        if (random.OneIn(16))
        {
            return new SocketIoScript([.. Enumerable.Range(0, 1 + random.Next(6)).Select(_ => new SocketIoMessage(random.OneIn(3), bytes.Next(random, _messages)))]);
        }

        var messages = random.Pick(corpus).Messages.ToList();
        for (var count = 1 + random.Next(3); count > 0; count--)
        {
            Mutate(random, messages);
        }

        // As long as one input of the byte mutator: longer scripts only repeat what shorter ones test, slower.
        while (messages.Count > 1 && messages.Sum(m => m.Data.Length) > bytes.Format.MaxLength)
        {
            messages.RemoveAt(messages.Count - 1);
        }

        return new SocketIoScript(messages);
    }

    private void Mutate(FuzzRandom random, List<SocketIoMessage> messages)
    {
        var at = random.Next(messages.Count);
        switch (messages.Count == 0 ? 9 : random.Next(10))
        {
            case < 5:
                messages[at] = messages[at] with { Data = bytes.Mutate(random, messages[at].Data, _messages) };
                break;
            case 5:
                messages[at] = messages[at] with { IsBinary = !messages[at].IsBinary };
                break;
            case 6:
                messages.RemoveAt(at);
                break;
            case 7:
                for (var times = random.OneIn(4) ? random.Next(32) : 1; times > 0; times--)
                {
                    messages.Insert(at, messages[at]);
                }

                break;
            case 8:
                messages.AddRange(random.Pick(corpus).Messages);
                break;
            default:
                var data = new byte[random.NextLength(256)];
                random.NextBytes(data);
                messages.Insert(random.Next(messages.Count + 1), new SocketIoMessage(random.OneIn(2), data));
                break;
        }
    }
}
