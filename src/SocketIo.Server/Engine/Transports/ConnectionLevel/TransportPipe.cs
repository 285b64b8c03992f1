using System.IO.Pipelines;

namespace SocketIo.Server.Engine.Transports.ConnectionLevel;

/// <summary>A connection's transport with its reader replaced.</summary>
internal sealed class TransportPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
