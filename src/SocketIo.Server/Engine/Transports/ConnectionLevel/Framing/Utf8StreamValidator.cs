using System.Text.Unicode;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel.Framing;

/// <summary>
/// Checks that a text message is UTF-8 while it arrives in pieces: a sequence cut by a piece's end is carried (at
/// most three bytes) and checked once the next piece completes it.
/// </summary>
internal struct Utf8StreamValidator
{
    private uint _carry;
    private int _carryLength;
    private int _carryNeed;

    /// <summary>False when <paramref name="piece"/> cannot be part of valid UTF-8, or the message ends mid-sequence.</summary>
    public bool Validate(ReadOnlySpan<byte> piece, bool final)
    {
        if (_carryLength > 0)
        {
            Span<byte> sequence = stackalloc byte[4];
            for (var i = 0; i < _carryLength; i++)
            {
                sequence[i] = (byte)(_carry >> (8 * i));
            }

            var take = Math.Min(_carryNeed - _carryLength, piece.Length);
            piece[..take].CopyTo(sequence[_carryLength..]);
            piece = piece[take..];
            var have = _carryLength + take;
            if (have < _carryNeed)
            {
                Carry(sequence[..have], _carryNeed);
                return !final;
            }

            _carryLength = 0;
            if (!Utf8.IsValid(sequence[..have]))
            {
                return false;
            }
        }

        var tail = IncompleteTail(piece);
        if (!Utf8.IsValid(piece[..tail]))
        {
            return false;
        }

        if (tail < piece.Length)
        {
            if (final)
            {
                return false;
            }

            Carry(piece[tail..], SequenceLength(piece[tail]));
        }

        return true;
    }

    private void Carry(ReadOnlySpan<byte> bytes, int need)
    {
        _carry = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            _carry |= (uint)bytes[i] << (8 * i);
        }

        _carryLength = bytes.Length;
        _carryNeed = need;
    }

    /// <summary>Where a sequence begins that the piece's end cuts short; the piece's length when none does.</summary>
    private static int IncompleteTail(ReadOnlySpan<byte> piece)
    {
        for (int i = piece.Length - 1, stop = Math.Max(0, piece.Length - 3); i >= stop; i--)
        {
            var b = piece[i];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            return SequenceLength(b) > piece.Length - i ? i : piece.Length;
        }

        return piece.Length;
    }

    /// <summary>
    /// The length a lead byte announces. A byte that cannot lead counts as 1, which leaves it where
    /// <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/> rejects it.
    /// </summary>
    private static int SequenceLength(byte lead) => lead switch
    {
        >= 0xC2 and <= 0xDF => 2,
        >= 0xE0 and <= 0xEF => 3,
        >= 0xF0 and <= 0xF4 => 4,
        _ => 1,
    };
}
