using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIo.Server;

namespace ClusterNode;

/// <summary>
/// The control API of interop-tests/support/cluster-node.mjs, route for route: each POST /control/{operation} makes
/// the node perform one cluster operation with the JSON body's options and answers with its result (binary values as
/// <c>{"$bin": base64}</c>). Failures of cluster requests are answered as <c>{error, responses?}</c>, the way
/// the Node node reports Node's errors, so a test compares the texts.
/// </summary>
internal sealed class ControlApi(SocketIoServer io, NodeSettings settings, NodeCounters counters, TickStream stream)
{
    private static readonly TimeSpan DefaultAckTimeout = TimeSpan.FromSeconds(5);

    private JsonSerializerOptions SerializerOptions => io.Options.SerializerOptions;

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/control/broadcast", (Func<JsonElement, CancellationToken, Task<IResult>>)BroadcastAsync);
        app.MapPost("/control/broadcastBurst", (Func<JsonElement, IResult>)BroadcastBurst);
        app.MapPost("/control/emitWithAck", (Func<JsonElement, CancellationToken, Task<IResult>>)EmitWithAckAsync);
        app.MapPost("/control/socketsJoin", (Func<JsonElement, CancellationToken, Task<IResult>>)SocketsJoinAsync);
        app.MapPost("/control/socketsLeave", (Func<JsonElement, CancellationToken, Task<IResult>>)SocketsLeaveAsync);
        app.MapPost("/control/disconnectSockets", (Func<JsonElement, CancellationToken, Task<IResult>>)DisconnectSocketsAsync);
        app.MapPost("/control/fetchSockets", (Func<JsonElement, CancellationToken, Task<IResult>>)FetchSocketsAsync);
        app.MapPost("/control/serverSideEmit", (Func<JsonElement, CancellationToken, Task<IResult>>)ServerSideEmitAsync);
        app.MapPost("/control/serverSideEmitWithAck", (Func<JsonElement, CancellationToken, Task<IResult>>)ServerSideEmitWithAckAsync);
        app.MapPost("/control/allRooms", (Func<JsonElement, CancellationToken, Task<IResult>>)AllRoomsAsync);
        app.MapPost("/control/serverCount", (Func<JsonElement, CancellationToken, Task<IResult>>)ServerCountAsync);
        app.MapPost("/control/stats", Stats);
        app.MapPost("/control/startStream", (Func<JsonElement, IResult>)StartStream);
        app.MapPost("/control/stopStream", StopStream);
    }

    private async Task<IResult> BroadcastAsync(JsonElement body, CancellationToken cancellationToken)
    {
        await Target(body).EmitAsync(EventName(body), BinJson.ArgumentsFromJson(body, "args"), cancellationToken);
        return Ok();
    }

    /// <summary>Broadcasts 1, 2, ... count in a row, fire-and-forget, as an application would with <c>Emit</c>.</summary>
    private IResult BroadcastBurst(JsonElement body)
    {
        var op = Target(body);
        var eventName = EventName(body);
        var count = body.GetProperty("count").GetInt32();
        for (var i = 1; i <= count; i++)
        {
            op.Emit(eventName, i);
        }

        return Ok();
    }

    private async Task<IResult> EmitWithAckAsync(JsonElement body, CancellationToken cancellationToken)
    {
        var op = Target(body);
        if (!body.TryGetProperty("timeout", out _))
        {
            op = op.Timeout(DefaultAckTimeout);
        }

        try
        {
            var responses = await op.EmitWithAckAsync(EventName(body), BinJson.ArgumentsFromJson(body, "args"), cancellationToken);
            return Json(new JsonObject { ["responses"] = BinJson.ToJson(responses, SerializerOptions) });
        }
        catch (AckTimeoutException ex)
        {
            return Json(new JsonObject { ["error"] = ex.Message, ["responses"] = BinJson.ToJson(ex.Responses, SerializerOptions) });
        }
    }

    private async Task<IResult> SocketsJoinAsync(JsonElement body, CancellationToken cancellationToken)
    {
        await Target(body).SocketsJoinAsync(Strings(body, "room"), cancellationToken);
        return Ok();
    }

    private async Task<IResult> SocketsLeaveAsync(JsonElement body, CancellationToken cancellationToken)
    {
        await Target(body).SocketsLeaveAsync(Strings(body, "room"), cancellationToken);
        return Ok();
    }

    private async Task<IResult> DisconnectSocketsAsync(JsonElement body, CancellationToken cancellationToken)
    {
        var close = body.TryGetProperty("close", out var value) && value.ValueKind == JsonValueKind.True;
        await Target(body).DisconnectSocketsAsync(close, cancellationToken);
        return Ok();
    }

    private async Task<IResult> FetchSocketsAsync(JsonElement body, CancellationToken cancellationToken)
    {
        try
        {
            var sockets = await Target(body).FetchSocketsAsync(cancellationToken);
            var list = new JsonArray();
            foreach (var socket in sockets)
            {
                list.Add(SocketDescriptions.Describe(socket.Id, socket.Handshake, socket.Rooms, socket.Data, SerializerOptions));
            }

            return Json(new JsonObject { ["sockets"] = list });
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            return Json(new JsonObject { ["error"] = ex.Message });
        }
    }

    private async Task<IResult> ServerSideEmitAsync(JsonElement body, CancellationToken cancellationToken)
    {
        await Namespace(body).ServerSideEmitAsync(EventName(body), BinJson.ArgumentsFromJson(body, "args"), cancellationToken);
        return Ok();
    }

    private async Task<IResult> ServerSideEmitWithAckAsync(JsonElement body, CancellationToken cancellationToken)
    {
        try
        {
            var responses = await Namespace(body).ServerSideEmitWithAckAsync(
                EventName(body), BinJson.ArgumentsFromJson(body, "args"), settings.RequestsTimeout, cancellationToken);
            return Json(new JsonObject { ["responses"] = BinJson.ToJson(responses, SerializerOptions) });
        }
        catch (AckTimeoutException ex)
        {
            return Json(new JsonObject { ["error"] = ex.Message, ["responses"] = BinJson.ToJson(ex.Responses, SerializerOptions) });
        }
    }

    private async Task<IResult> AllRoomsAsync(JsonElement body, CancellationToken cancellationToken)
    {
        try
        {
            var rooms = await Namespace(body).Adapter.AllRoomsAsync(cancellationToken);
            var list = new JsonArray();
            foreach (var room in rooms)
            {
                list.Add(room);
            }

            return Json(new JsonObject { ["rooms"] = list });
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or InvalidOperationException or NotSupportedException)
        {
            return Json(new JsonObject { ["error"] = ex.Message });
        }
    }

    private async Task<IResult> ServerCountAsync(JsonElement body, CancellationToken cancellationToken)
    {
        try
        {
            return Json(new JsonObject { ["count"] = await Namespace(body).Adapter.GetServerCountAsync(cancellationToken) });
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or InvalidOperationException or IOException)
        {
            return Json(new JsonObject { ["error"] = ex.Message });
        }
    }

    private IResult Stats()
    {
        var namespaces = new JsonObject();
        foreach (var name in ClusterNamespaces.Names)
        {
            var sockets = new JsonArray();
            foreach (var socket in io.Of(name).Sockets.Values)
            {
                var rooms = new JsonArray();
                foreach (var room in socket.Rooms)
                {
                    rooms.Add(room);
                }

                sockets.Add(new JsonObject { ["id"] = socket.Id, ["rooms"] = rooms });
            }

            namespaces[name] = sockets;
        }

        return Json(new JsonObject
        {
            ["name"] = settings.Name,
            ["lang"] = "dotnet",
            ["pid"] = Environment.ProcessId,
            ["namespaces"] = namespaces,
            ["streamSent"] = stream.Sent,
            ["unobservedTaskExceptions"] = counters.UnobservedTaskExceptions,
            ["lastUnobservedTaskException"] = counters.LastUnobservedTaskException,
        });
    }

    private IResult StartStream(JsonElement body)
    {
        var interval = body.TryGetProperty("intervalMs", out var ms) ? TimeSpan.FromMilliseconds(ms.GetDouble()) : TimeSpan.FromMilliseconds(50);
        stream.Start(Namespace(body), EventName(body), interval);
        return Ok();
    }

    private IResult StopStream() => Json(new JsonObject { ["sent"] = stream.Stop() });

    private Namespace Namespace(JsonElement body) =>
        io.Of(body.TryGetProperty("nsp", out var nsp) && nsp.ValueKind == JsonValueKind.String ? nsp.GetString()! : "/");

    /// <summary>The operator a request addresses: rooms, except, volatile, compress, local, timeout.</summary>
    private BroadcastOperator Target(JsonElement body)
    {
        var nsp = Namespace(body);
        var rooms = Strings(body, "rooms");
        var except = Strings(body, "except");
        var op = rooms.Count > 0 ? nsp.To(rooms) : nsp.Except(except);
        if (rooms.Count > 0 && except.Count > 0)
        {
            op = op.Except(except);
        }

        if (body.TryGetProperty("volatile", out var isVolatile) && isVolatile.ValueKind == JsonValueKind.True)
        {
            op = op.Volatile;
        }

        if (body.TryGetProperty("compress", out var compress) && compress.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            op = op.Compress(compress.GetBoolean());
        }

        if (body.TryGetProperty("local", out var local) && local.ValueKind == JsonValueKind.True)
        {
            op = op.Local;
        }

        if (body.TryGetProperty("timeout", out var timeout) && timeout.ValueKind == JsonValueKind.Number)
        {
            op = op.Timeout(TimeSpan.FromMilliseconds(timeout.GetDouble()));
        }

        return op;
    }

    private static string EventName(JsonElement body) => body.GetProperty("event").GetString()!;

    /// <summary>A string or an array of strings (or nothing) as a list.</summary>
    private static List<string> Strings(JsonElement body, string name)
    {
        var list = new List<string>();
        if (!body.TryGetProperty(name, out var value))
        {
            return list;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            list.Add(value.GetString()!);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                list.Add(item.GetString()!);
            }
        }

        return list;
    }

    private static IResult Ok() => Json(new JsonObject { ["ok"] = true });

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");
}
