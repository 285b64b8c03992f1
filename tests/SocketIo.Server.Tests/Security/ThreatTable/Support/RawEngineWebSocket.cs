namespace SocketIo.Server.Tests.Security.ThreatTable.Support;

/// <summary>An Engine.IO WebSocket session opened over a <see cref="RawTcpConnection"/>, its open packet read.</summary>
internal sealed class RawEngineWebSocket : IDisposable
{
    private RawEngineWebSocket(RawTcpConnection connection)
    {
        Connection = connection;
        Frames = new ServerFrameReader(connection);
    }

    public RawTcpConnection Connection { get; }

    public ServerFrameReader Frames { get; }

    public string Sid { get; private set; } = string.Empty;

    public static async Task<RawEngineWebSocket> OpenAsync(Uri baseUri, string path = "/engine.io/")
    {
        var connection = await RawTcpConnection.ConnectAsync(baseUri);
        await connection.SendAsync(RawTcpConnection.UpgradeRequest(baseUri, path + "?EIO=4&transport=websocket"));
        (await connection.ReadResponseHeadAsync()).Status.Should().Be(101);
        var socket = new RawEngineWebSocket(connection);
        var open = await socket.Frames.ReadTextAsync();
        open.Should().StartWith("0{\"sid\":\"");
        socket.Sid = open.Substring(9, 20);
        return socket;
    }

    public Task SendFrameAsync(byte[] frame) => Connection.SendAsync(frame);

    public void Dispose() => Connection.Dispose();
}
