using System.Buffers;

namespace SocketIo.Adapter.Redis.Tests.Support;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, as a pipe delivers bytes that arrived in pieces.</summary>
internal static class ByteSequences
{
    public static ReadOnlySequence<byte> Of(params byte[][] parts)
    {
        if (parts.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts.Skip(1))
        {
            last = last.Append(part);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Cuts <paramref name="bytes"/> into pieces of the given sizes (the rest in a last piece).</summary>
    public static byte[][] Cut(byte[] bytes, IEnumerable<int> sizes)
    {
        var parts = new List<byte[]>();
        var offset = 0;
        foreach (var size in sizes)
        {
            if (offset >= bytes.Length)
            {
                break;
            }

            var length = Math.Min(Math.Max(size, 1), bytes.Length - offset);
            parts.Add(bytes[offset..(offset + length)]);
            offset += length;
        }

        if (offset < bytes.Length)
        {
            parts.Add(bytes[offset..]);
        }

        return [.. parts];
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
