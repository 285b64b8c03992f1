using System.Net;

namespace SocketIo.Server.Tests.Support;

/// <summary>A chunked request body (no Content-Length) of a given size, counting what the server pulled.</summary>
internal sealed class CountingStreamContent(long totalBytes, Action<int> onRead, SemaphoreSlim? gate = null) : HttpContent
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first chunk was written.</summary>
    public Task Started => _started.Task;

    /// <summary>Lets a gated body finish.</summary>
    public void Release() => gate?.Release();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var chunk = new byte[16 * 1024];
        chunk.AsSpan().Fill((byte)'x');
        chunk[0] = (byte)'4';
        var written = 0L;
        while (written < totalBytes)
        {
            var size = (int)Math.Min(chunk.Length, totalBytes - written);
            await stream.WriteAsync(chunk.AsMemory(0, size));
            await stream.FlushAsync();
            onRead(size);
            written += size;
            _started.TrySetResult();
            if (gate is not null)
            {
                await gate.WaitAsync();
            }

            chunk[0] = (byte)'x';
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
