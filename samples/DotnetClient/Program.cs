// A .NET chat client for samples/Chat on the SocketIOClient package: logs in, joins a room, prints messages, presence
// and typing notices, and sends each line of standard input as a message. It reconnects with Polly (exponential
// back-off with jitter) and queues what is typed while it is offline.
//   dotnet run --project samples/DotnetClient -- [--url http://localhost:3000] [--name alice] [--room general]
//                                                [--say "text"]... [--exit-after-acks]
using DotnetClient;

if (!ClientOptions.TryParse(args, out var options, out var problem))
{
    await Console.Error.WriteLineAsync(problem);
    await Console.Error.WriteLineAsync(ClientOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

await using var client = new ChatClient(options, Console.Out);
return await client.RunAsync(ConsoleInput.Lines(options), stop.Token);
