using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>The response a handshake gets when it is refused rather than accepted: kept in memory, then written raw.</summary>
internal sealed class BufferedResponse : IAsyncDisposable
{
    private readonly MemoryStream _body = new();

    public BufferedResponse() => Body = new StreamResponseBodyFeature(_body);

    public HttpResponseFeature Head { get; } = new();

    public StreamResponseBodyFeature Body { get; }

    /// <summary>Flushes what was written and returns it.</summary>
    public async Task<ReadOnlyMemory<byte>> CompleteAsync()
    {
        await Body.CompleteAsync().ConfigureAwait(false);
        return _body.GetBuffer().AsMemory(0, (int)_body.Length);
    }

    /// <summary>Forgets what was written, for an error answer in its place.</summary>
    public void Clear(int statusCode)
    {
        Head.StatusCode = statusCode;
        Head.Headers.Clear();
        _body.SetLength(0);
    }

    public ValueTask DisposeAsync() => _body.DisposeAsync();
}
