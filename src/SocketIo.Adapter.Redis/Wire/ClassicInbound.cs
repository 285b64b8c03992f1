using SocketIo.Server.Adapters.Cluster;

namespace SocketIo.Adapter.Redis.Wire;

/// <summary>What a message received on a classic channel turned out to be.</summary>
internal abstract record ClassicInbound;

/// <summary>A message socket.io's cluster model has a type for: handed to the cluster adapter.</summary>
/// <param name="Message">The message.</param>
internal sealed record ClassicClusterMessage(ClusterMessage Message) : ClassicInbound;

/// <summary>An <c>ALL_ROOMS</c> request (type 1): answer with every local room.</summary>
/// <param name="Uid">The requesting node; empty when the message named none.</param>
/// <param name="RequestId">The id the answer carries back.</param>
internal sealed record ClassicAllRoomsRequest(string Uid, string RequestId) : ClassicInbound;

/// <summary>A node's answer to an <c>ALL_ROOMS</c> request.</summary>
/// <param name="RequestId">The request answered.</param>
/// <param name="Rooms">The node's rooms.</param>
internal sealed record ClassicAllRoomsResponse(string RequestId, IReadOnlyList<string> Rooms) : ClassicInbound;

/// <summary>A legacy <c>SOCKETS</c> request (type 0): answer with the ids of the local sockets in the rooms.</summary>
/// <param name="Uid">The requesting node; empty when the message named none.</param>
/// <param name="RequestId">The id the answer carries back.</param>
/// <param name="Rooms">The rooms; empty for every socket.</param>
internal sealed record ClassicSocketsRequest(string Uid, string RequestId, IReadOnlySet<string> Rooms) : ClassicInbound;

/// <summary>
/// A legacy one-socket request: <c>{requestId, sid, room}</c> for join/leave, <c>{requestId, sid, close}</c> for
/// disconnect; when the socket is here, it is acted on and the request is answered with <c>{requestId}</c>.
/// </summary>
/// <param name="Type">Join, leave or disconnect.</param>
/// <param name="Uid">The requesting node; empty when the message named none.</param>
/// <param name="RequestId">The id the answer carries back.</param>
/// <param name="SocketId">The socket.</param>
/// <param name="Room">The room to join or leave; null for a disconnect.</param>
/// <param name="Close">For a disconnect: close the connection too.</param>
internal sealed record ClassicSocketRequest(ClassicRequestType Type, string Uid, string RequestId, string SocketId, string? Room, bool Close)
    : ClassicInbound;

/// <summary>A well-formed message meant for nobody here (answers to legacy requests this node never sends).</summary>
/// <param name="Reason">What it was.</param>
internal sealed record ClassicIgnored(string Reason) : ClassicInbound;

/// <summary>A message that could not be used: counted and logged, never acted on.</summary>
/// <param name="Reason">The metric's reason: <c>"malformed"</c> (not decodable) or <c>"invalid"</c> (wrong shape).</param>
/// <param name="Detail">What exactly was wrong, for the debug log.</param>
internal sealed record ClassicDropped(string Reason, string Detail) : ClassicInbound
{
    /// <summary>The reason for bytes that do not decode.</summary>
    public const string Malformed = "malformed";

    /// <summary>The reason for values of the wrong shape or type.</summary>
    public const string Invalid = "invalid";
}
