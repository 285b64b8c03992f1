// The live managed heap of a running process, by type, per connection: what an idle connection costs and who
// holds it. Usage: HeapCensus <pid> <connections> [top] — see bench/census.sh, which starts the bench server, holds
// N idle clients and runs this. STRINGS=1 also lists the most repeated string values.
using Microsoft.Diagnostics.Runtime;

var pid = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var connections = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
var top = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 60;
var listStrings = Environment.GetEnvironmentVariable("STRINGS") == "1";

using var target = DataTarget.CreateSnapshotAndAttach(pid);
using var runtime = target.ClrVersions[0].CreateRuntime();
var heap = runtime.Heap;

// Only what is reachable counts: garbage not yet collected says nothing about what a connection holds.
var live = new HashSet<ulong>();
var pending = new Stack<ClrObject>();
foreach (var root in heap.EnumerateRoots())
{
    if (root.Object.IsValid && live.Add(root.Object.Address))
    {
        pending.Push(root.Object);
    }
}

while (pending.Count > 0)
{
    foreach (var child in pending.Pop().EnumerateReferences(carefully: true, considerDependantHandles: true))
    {
        if (child.IsValid && live.Add(child.Address))
        {
            pending.Push(child);
        }
    }
}

var byType = new Dictionary<string, (long Count, long Bytes)>();
var strings = new Dictionary<string, long>();
long total = 0;
foreach (var obj in heap.EnumerateObjects())
{
    if (!obj.IsValid || !live.Contains(obj.Address))
    {
        continue;
    }

    var name = obj.Type?.Name ?? "?";
    var size = (long)obj.Size;
    total += size;
    byType[name] = byType.TryGetValue(name, out var seen) ? (seen.Count + 1, seen.Bytes + size) : (1, size);
    if (listStrings && name == "System.String")
    {
        var value = obj.AsString(60) ?? string.Empty;
        strings[value] = strings.GetValueOrDefault(value) + 1;
    }
}

Console.WriteLine($"live heap {total / 1024} KB, {(double)total / connections:F0} B per connection");
foreach (var (name, (count, bytes)) in byType.OrderByDescending(pair => pair.Value.Bytes).Take(top))
{
    Console.WriteLine($"{(double)bytes / connections,8:F1} B/conn {(double)count / connections,6:F2}/conn  {name}");
}

foreach (var (value, count) in strings.Where(pair => pair.Value >= connections / 2).OrderByDescending(pair => pair.Value).Take(30))
{
    Console.WriteLine($"{(double)count / connections,6:F2}/conn  \"{value}\"");
}
