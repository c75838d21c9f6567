// Measures how long an operation sent by one browser takes to reach every other browser on the same board.
// It creates a room through POST /api/rooms and connects CLIENTS SignalR clients to its first board. Each client moves
// its own sticky note RATE times per second for SECONDS seconds without waiting for results. For every applied
// operation and every other client, the benchmark records the time from sending to receiving OperationApplied.
//
// Usage: BoardLatency --url http://127.0.0.1:PORT [--clients 20] [--seconds 20] [--rate 2]
// Only loopback URLs are accepted, because the benchmark loads the server it talks to.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

Dictionary<string, string> options = ParseOptions(args);
var url = new Uri(options.GetValueOrDefault("url") ?? throw new ArgumentException("--url is missing; pass the app's loopback URL, for example --url http://127.0.0.1:5180."));
if (!url.IsLoopback)
{
    Console.Error.WriteLine($"--url {url} is not a loopback address; run the app on 127.0.0.1, localhost or [::1].");
    return 2;
}

int clientCount = int.Parse(options.GetValueOrDefault("clients", "20"), CultureInfo.InvariantCulture);
int seconds = int.Parse(options.GetValueOrDefault("seconds", "20"), CultureInfo.InvariantCulture);
double rate = double.Parse(options.GetValueOrDefault("rate", "2"), CultureInfo.InvariantCulture);

using var http = new HttpClient { BaseAddress = url };
using HttpResponseMessage created = await http.PostAsJsonAsync("/api/rooms", new { name = "Latency benchmark" });
created.EnsureSuccessStatusCode();
JsonElement room = await created.Content.ReadFromJsonAsync<JsonElement>();
string code = room.GetProperty("code").GetString()!;
Guid boardId = room.GetProperty("boardId").GetGuid();

// Send times by opId, in Stopwatch ticks; receive times are measured on the same clock in this process.
var sentAt = new ConcurrentDictionary<string, long>();
var latencies = new ConcurrentBag<double>();
int errors = 0;
int applied = 0;
var connections = new List<HubConnection>();

for (int i = 0; i < clientCount; i++)
{
    HubConnection connection = new HubConnectionBuilder().WithUrl(new Uri(url, "/hubs/board")).Build();
    string prefix = $"c{i}-";
    connection.On<JsonElement>("OperationApplied", operation =>
    {
        long now = Stopwatch.GetTimestamp();
        string opId = operation.GetProperty("opId").GetString()!;
        if (!opId.StartsWith(prefix, StringComparison.Ordinal) && sentAt.TryGetValue(opId, out long sent))
        {
            latencies.Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
        }
    });
    await connection.StartAsync();
    await connection.InvokeAsync<JsonElement>("JoinBoard", new
    {
        roomCode = code,
        boardId,
        clientToken = $"latency-benchmark-client-{i:D3}",
        displayName = $"Client {i + 1}",
    });
    connections.Add(connection);
}

// One note per client, created by the first client, so that moves never conflict.
object[] creates = Enumerable.Range(0, clientCount)
    .Select(i => (object)new { kind = "create", element = new { id = $"note{i}", type = "note", props = new { x = 200 * i, y = 0 } } })
    .ToArray();
JsonElement setup = await connections[0].InvokeAsync<JsonElement>("ApplyOperation", new { opId = "setup", baseVersion = 0, changes = creates });
if (setup.GetProperty("status").GetString() != "applied")
{
    Console.Error.WriteLine($"Creating the notes failed: {setup}");
    return 1;
}

// Moves are based on the version that created the notes: each note is only moved by its own client afterwards,
// so no move conflicts.
long setupVersion = setup.GetProperty("version").GetInt64();
Console.WriteLine($"{clientCount} clients on board {boardId}, {rate} operations per second each, for {seconds} s");
var end = TimeSpan.FromSeconds(seconds);
var clock = Stopwatch.StartNew();
Task[] senders = connections.Select((connection, i) => Task.Run(async () =>
{
    // Start the clients out of step, as people are.
    var random = new Random(i);
    await Task.Delay(random.Next(0, (int)(1000 / rate)));
    var pending = new List<Task>();
    for (int k = 0; clock.Elapsed < end; k++)
    {
        string opId = $"c{i}-{k}";
        var operation = new
        {
            opId,
            baseVersion = setupVersion,
            changes = new[] { new { kind = "set", id = $"note{i}", props = new { x = random.Next(-2000, 2000), y = random.Next(-2000, 2000) } } },
        };
        sentAt[opId] = Stopwatch.GetTimestamp();
        pending.Add(Send(connection, operation));
        await Task.Delay(TimeSpan.FromSeconds(1 / rate));
    }

    await Task.WhenAll(pending);
})).ToArray();
await Task.WhenAll(senders);

// Let the last broadcasts arrive.
await Task.Delay(TimeSpan.FromSeconds(2));
foreach (HubConnection connection in connections)
{
    await connection.DisposeAsync();
}

double[] sorted = [.. latencies.OrderBy(x => x)];
long expected = (long)applied * (clientCount - 1);
Console.WriteLine($"operations sent {sentAt.Count}, applied {applied}, errors {errors}");
Console.WriteLine($"deliveries {sorted.Length} of {expected} expected ({expected - sorted.Length} missing)");
if (sorted.Length > 0)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"latency ms: p50 {Percentile(sorted, 0.50):F1}, p95 {Percentile(sorted, 0.95):F1}, p99 {Percentile(sorted, 0.99):F1}, max {sorted[^1]:F1}"));
}

return errors == 0 && sorted.Length == expected ? 0 : 1;

async Task Send(HubConnection connection, object operation)
{
    try
    {
        JsonElement result = await connection.InvokeAsync<JsonElement>("ApplyOperation", operation);
        if (result.GetProperty("status").GetString() == "applied")
        {
            Interlocked.Increment(ref applied);
        }
        else
        {
            Interlocked.Increment(ref errors);
            Console.Error.WriteLine($"Operation not applied: {result}");
        }
    }
    catch (Exception ex) when (ex is HubException or InvalidOperationException or IOException)
    {
        Interlocked.Increment(ref errors);
        Console.Error.WriteLine($"Operation failed: {ex.Message}");
    }
}

// Nearest-rank percentile of an ascending array.
static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

static Dictionary<string, string> ParseOptions(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (int i = 0; i + 1 < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Unexpected argument '{args[i]}'; options are --url, --clients, --seconds and --rate.");
        }

        result[args[i][2..]] = args[i + 1];
    }

    return result;
}
