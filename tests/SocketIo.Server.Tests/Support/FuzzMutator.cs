using System.Text;

namespace SocketIo.Server.Tests.Support;

/// <summary>
/// Makes fuzz inputs: purely random bytes, random soups of the format's tokens, and (mostly) a corpus entry changed
/// by one to four mutations: bit flips, byte changes, inserts, deletes, duplicated ranges, splices with another entry,
/// truncation, tokens, numbers at the limits (as text and as big-endian binary) and deep nesting.
/// </summary>
internal sealed class FuzzMutator(FuzzFormat format)
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x1e, 0x20, 0x7f, 0x80, 0xc0, 0xfe, 0xff, (byte)'\r', (byte)'\n', (byte)'"', (byte)'\\', (byte)'-', (byte)','];
    private static readonly int[] Depths = [1, 2, 3, 8, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 10_000];

    public FuzzFormat Format { get; } = format;

    /// <summary>The next input: random (1 in 10), a token soup (1 in 10), or a mutated corpus entry.</summary>
    public byte[] Next(FuzzRandom random, IReadOnlyList<byte[]> corpus)
    {
        switch (random.Next(10))
        {
            case 0:
                var bytes = new byte[random.NextLength(4096)];
                random.NextBytes(bytes);
                return bytes;
            case 1:
                return TokenSoup(random);
            default:
                return Mutate(random, corpus.Count == 0 ? [] : random.Pick(corpus), corpus);
        }
    }

    /// <summary>Applies one to four mutations to a copy of <paramref name="input"/>.</summary>
    public byte[] Mutate(FuzzRandom random, byte[] input, IReadOnlyList<byte[]> corpus)
    {
        var data = new List<byte>(input);
        var count = 1 + random.Next(4);
        for (var i = 0; i < count; i++)
        {
            MutateOnce(random, data, corpus);
            if (data.Count > Format.MaxLength)
            {
                data.RemoveRange(Format.MaxLength, data.Count - Format.MaxLength);
            }
        }

        return [.. data];
    }

    private void MutateOnce(FuzzRandom random, List<byte> data, IReadOnlyList<byte[]> corpus)
    {
        switch (random.Next(12))
        {
            case 0 when data.Count > 0:
                for (var flips = 1 + random.Next(8); flips > 0; flips--)
                {
                    data[random.Next(data.Count)] ^= (byte)(1 << random.Next(8));
                }

                break;
            case 1 when data.Count > 0:
                data[random.Next(data.Count)] = random.OneIn(2) ? random.Pick(InterestingBytes) : (byte)random.NextUInt64();
                break;
            case 2:
                var inserted = new byte[1 + random.Next(16)];
                random.NextBytes(inserted);
                data.InsertRange(random.Next(data.Count + 1), inserted);
                break;
            case 3 when data.Count > 0:
                var start = random.Next(data.Count);
                data.RemoveRange(start, 1 + random.Next(Math.Min(data.Count - start, 64)));
                break;
            case 4 when data.Count > 0:
                Duplicate(random, data);
                break;
            case 5 when corpus.Count > 0:
                var other = random.Pick(corpus);
                var cut = random.Next(data.Count + 1);
                data.RemoveRange(cut, data.Count - cut);
                data.AddRange(other.Skip(random.Next(other.Length + 1)));
                break;
            case 6 when data.Count > 0:
                var keep = random.Next(data.Count);
                data.RemoveRange(keep, data.Count - keep);
                break;
            case 7 when Format.Tokens.Count > 0:
                data.InsertRange(random.Next(data.Count + 1), random.Pick(Format.Tokens));
                break;
            case 8:
                ReplaceNumberText(random, data);
                break;
            case 9 when data.Count > 0:
                var width = 1 << random.Next(4);
                var at = random.Next(Math.Max(1, data.Count - width + 1));
                Span<byte> value = stackalloc byte[width];
                FuzzNumbers.Write(value, random.Pick(FuzzNumbers.Binary), width);
                for (var i = 0; i < width && at + i < data.Count; i++)
                {
                    data[at + i] = value[i];
                }

                break;
            case 10 when Format.NestOpen.Length > 0:
                Nest(random, data);
                break;
            default:
                data.Insert(random.Next(data.Count + 1), random.Pick(InterestingBytes));
                break;
        }
    }

    private static void Duplicate(FuzzRandom random, List<byte> data)
    {
        var start = random.Next(data.Count);
        var length = 1 + random.Next(Math.Min(data.Count - start, 256));
        var chunk = data.GetRange(start, length);
        var times = random.OneIn(8) ? 1 + random.Next(2000) : 1 + random.Next(4);
        var at = random.Next(data.Count + 1);
        for (var i = 0; i < times; i++)
        {
            data.InsertRange(at, chunk);
        }
    }

    /// <summary>Replaces the digits around a random position (or inserts at it) with a number at some limit.</summary>
    private void ReplaceNumberText(FuzzRandom random, List<byte> data)
    {
        var text = Format.Numbers.Count > 0 && random.OneIn(2) ? random.Pick(Format.Numbers) : random.Pick(FuzzNumbers.Texts);
        var at = random.Next(data.Count + 1);
        var digitStart = data.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
        var start = digitStart < 0 ? at : digitStart;
        var end = start;
        while (end < data.Count && data[end] is >= (byte)'0' and <= (byte)'9')
        {
            end++;
        }

        data.RemoveRange(start, end - start);
        data.InsertRange(start, Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Wraps a range (often the whole input) in many levels of the format's nesting.</summary>
    private void Nest(FuzzRandom random, List<byte> data)
    {
        var depth = random.Pick(Depths);
        var start = random.OneIn(2) ? 0 : random.Next(data.Count + 1);
        var end = random.OneIn(2) ? data.Count : start + random.Next(data.Count - start + 1);
        var close = random.OneIn(4) ? [] : Format.NestClose;
        var closes = new List<byte>(close.Length * depth);
        var opens = new List<byte>(Format.NestOpen.Length * depth);
        for (var i = 0; i < depth; i++)
        {
            opens.AddRange(Format.NestOpen);
            closes.AddRange(close);
        }

        data.InsertRange(end, closes);
        data.InsertRange(start, opens);
    }

    private byte[] TokenSoup(FuzzRandom random)
    {
        var soup = new List<byte>();
        for (var count = random.NextLength(64); count > 0; count--)
        {
            if (Format.Tokens.Count > 0 && !random.OneIn(4))
            {
                soup.AddRange(random.Pick(Format.Tokens));
            }
            else
            {
                soup.AddRange(Encoding.UTF8.GetBytes(random.Pick(FuzzNumbers.Texts)));
            }
        }

        return [.. soup];
    }
}
