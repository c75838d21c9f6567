namespace WebRuns;

/// <summary>Prints the summary lines of each measurement.</summary>
internal static class Report
{
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
}
