namespace WebRuns;

/// <summary>Prints the summary lines of each measurement.</summary>
internal static class Report
{
    public static void Watchers(IReadOnlyList<WatcherCost.Window> windows)
    {
        int cores = Environment.ProcessorCount;
        WatcherCost.Window[] without = [.. windows.Where(w => w.Watchers == 0)];
        WatcherCost.Window[] with = [.. windows.Where(w => w.Watchers > 0)];
        double cpuWithout = Median(without.Select(w => w.CpuPerRound));
        double cpuWith = Median(with.Select(w => w.CpuPerRound));
        double wallWith = Median(with.Select(w => w.WallPerRound));
        double extraPerRound = cpuWith - cpuWithout;

        Console.WriteLine($"watchers: median app CPU per round {cpuWithout * 1000:F0} ms with {with[0].Watchers} pages on a finished run, " +
                          $"{cpuWith * 1000:F0} ms with {with[0].Watchers} pages on the live run");
        Console.WriteLine($"watchers: extra server CPU {extraPerRound * 1000:F0} ms per round = " +
                          $"{extraPerRound / (cores * wallWith):P1} of the machine ({cores} cores × wall time) and " +
                          $"{extraPerRound / cpuWithout:P1} of the run's own CPU");
    }

    public static void Memory(ConcurrentMemory.Figures figures)
    {
        // NOTE: the first figure is taken once the app responds to HTTP, when the background dataset load may already be done.
        Console.WriteLine($"memory: app right after start-up {figures.IdleMiB:F0} MiB RSS, idle with Fashion-MNIST loaded {figures.DatasetLoadedMiB:F0} MiB");
        Console.WriteLine($"memory: peak RSS during one run of (a) {figures.OneRunPeakMiB:F0} MiB " +
                          $"(+{figures.OneRunPeakMiB - figures.DatasetLoadedMiB:F0} MiB over the loaded app)");
        Console.WriteLine($"memory: peak RSS during {figures.ConcurrentRuns} concurrent runs of (a) {figures.ConcurrentPeakMiB:F0} MiB " +
                          $"(+{figures.ConcurrentPeakMiB - figures.DatasetLoadedMiB:F0} MiB over the loaded app, " +
                          $"{(figures.ConcurrentPeakMiB - figures.DatasetLoadedMiB) / (figures.OneRunPeakMiB - figures.DatasetLoadedMiB):F1} times one run's increase)");
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
