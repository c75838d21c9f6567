namespace WebRuns;

/// <summary>A thread's name (<c>comm</c>, at most 15 characters) and its CPU time so far, in seconds.</summary>
internal sealed record ThreadCpu(string Name, double Seconds);

/// <summary>The app's CPU time at one moment: the whole process's and each live thread's, by thread id.</summary>
internal sealed record CpuSnapshot(double ProcessSeconds, IReadOnlyDictionary<int, ThreadCpu> Threads)
{
    /// <summary>
    /// Returns the CPU time used since <paramref name="before"/>, split into the threads whose name starts with
    /// <paramref name="simulationPrefix"/> and the rest of the process. A thread that started in between counts
    /// from zero. The time of a thread that exited in between stays in the rest, though in no thread name.
    /// </summary>
    public CpuDelta Since(CpuSnapshot before, string simulationPrefix)
    {
        double simulation = 0;
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach ((int threadId, ThreadCpu now) in Threads)
        {
            double used = now.Seconds - (before.Threads.TryGetValue(threadId, out ThreadCpu? earlier) ? earlier.Seconds : 0);
            if (now.Name.StartsWith(simulationPrefix, StringComparison.Ordinal))
            {
                simulation += used;
            }
            else
            {
                byName[now.Name] = byName.GetValueOrDefault(now.Name) + used;
            }
        }

        return new CpuDelta(ProcessSeconds - before.ProcessSeconds, simulation, byName);
    }
}

/// <summary>
/// CPU time of the app over a window, in seconds: the whole process, its simulation threads, and the other
/// threads by name. <see cref="WebSeconds"/> is everything but the simulation threads.
/// </summary>
internal sealed record CpuDelta(double ProcessSeconds, double SimulationSeconds, IReadOnlyDictionary<string, double> OtherThreadsByName)
{
    /// <summary>The CPU time of every thread but the simulation threads: storage, circuits, SignalR, rendering, GC and JIT.</summary>
    public double WebSeconds => ProcessSeconds - SimulationSeconds;
}
