using System.Globalization;
using WebRuns;

// Measures the web app's side of simulation speed against a running app: time to the first chart point after
// Launch, server CPU for browsers watching one run, and peak memory of concurrent runs. benchmarks/web-runs.sh
// publishes and starts the app for each part; see it for the whole procedure.
//
// Usage: WebRuns first-point --url URL [--launches 3] [--label cold]
//        WebRuns watchers    --url URL --app-pid PID [--watchers 50] [--contexts 5] [--window-rounds 30] [--windows 3]
//                            [--alternations 3] [--repetitions 1] [--blockers 16] [--draw-charts 0]
//        WebRuns memory      --url URL --app-pid PID [--runs 10] [--rounds 10]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length == 0)
{
    Console.Error.WriteLine("WebRuns: missing command; use first-point, watchers or memory.");
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 1; i < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"WebRuns: invalid argument '{args[i]}'; options are --name value pairs.");
        return 2;
    }

    options[args[i][2..]] = args[i + 1];
}

if (!options.TryGetValue("url", out string? url))
{
    Console.Error.WriteLine("WebRuns: missing --url, the app's address such as http://127.0.0.1:5401.");
    return 2;
}

var baseAddress = new Uri(url.TrimEnd('/') + "/");
int Option(string name, int fallback) => options.TryGetValue(name, out string? value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
AppProcess App() => new(Option("app-pid", 0) is > 0 and var pid ? pid : throw new ArgumentException("missing --app-pid, the app's process id"));

switch (args[0])
{
    case "first-point":
        await FirstPointProbe.RunAsync(baseAddress, Option("launches", 3), options.GetValueOrDefault("label", "cold"), Option("wait-for-plotly", 1) != 0);
        return 0;

    case "watchers":
        var settings = new WatcherCost.Settings(
            Option("watchers", 50), Option("contexts", 5), Option("window-rounds", 30), Option("windows", 3), Option("alternations", 3),
            Option("repetitions", 1), Option("blockers", 16), DrawCharts: Option("draw-charts", 0) != 0);
        WatcherReport.Print(await WatcherCost.RunAsync(baseAddress, App(), settings));
        return 0;

    case "memory":
        ConcurrentMemory.Figures figures = await ConcurrentMemory.RunAsync(baseAddress, App(), Option("runs", 10), Option("rounds", 10));
        Report.Memory(figures);
        return 0;

    default:
        Console.Error.WriteLine($"WebRuns: unknown command '{args[0]}'; use first-point, watchers or memory.");
        return 2;
}
