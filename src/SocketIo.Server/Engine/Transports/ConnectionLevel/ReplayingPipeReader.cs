using System.IO.Pipelines;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>
/// Hands a connection to the next reader without losing what was already read: the first read returns the read
/// this layer made and never advanced past, then everything goes to the transport's own reader. So the HTTP
/// pipeline parses the very bytes this layer looked at, at once, without waiting for more.
/// </summary>
internal sealed class ReplayingPipeReader : PipeReader
{
    private readonly PipeReader _inner;
    private ReadResult? _pending;

    /// <param name="inner">The transport's reader, with <paramref name="pending"/> read and not yet advanced.</param>
    /// <param name="pending">The last read made on <paramref name="inner"/>.</param>
    public ReplayingPipeReader(PipeReader inner, ReadResult pending)
    {
        _inner = inner;
        _pending = pending;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
        _pending is { } pending ? ValueTask.FromResult(pending) : _inner.ReadAsync(cancellationToken);

    public override bool TryRead(out ReadResult result)
    {
        if (_pending is { } pending)
        {
            result = pending;
            return true;
        }

        return _inner.TryRead(out result);
    }

    public override void AdvanceTo(SequencePosition consumed)
    {
        _pending = null;
        _inner.AdvanceTo(consumed);
    }

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _pending = null;
        _inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    public override void Complete(Exception? exception = null)
    {
        _pending = null;
        _inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        _pending = null;
        return _inner.CompleteAsync(exception);
    }
}
