using System.Globalization;

namespace WebRuns;

/// <summary>Reads the CPU time and memory of the app's process from <c>/proc</c> (Linux only).</summary>
internal sealed class AppProcess(int pid)
{
    // utime and stime in /proc/PID/stat are in clock ticks; Linux reports USER_HZ = 100 to user space on every
    // architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public int Pid { get; } = pid;

    /// <summary>Returns the user plus system CPU time the process has used so far, in seconds.</summary>
    /// <remarks>The figure includes the time of threads that have exited.</remarks>
    public double CpuSeconds() => ParseCpuSeconds(File.ReadAllText($"/proc/{Pid}/stat"));

    /// <summary>
    /// Reads the CPU time of every thread of the process so far, with its name, from <c>/proc/PID/task/TID/stat</c>
    /// and <c>comm</c>, and the whole process's time.
    /// </summary>
    public CpuSnapshot ReadThreadCpu()
    {
        var threads = new Dictionary<int, ThreadCpu>();
        foreach (string folder in Directory.EnumerateDirectories($"/proc/{Pid}/task"))
        {
            int threadId = int.Parse(Path.GetFileName(folder), CultureInfo.InvariantCulture);
            try
            {
                string name = File.ReadAllText(Path.Combine(folder, "comm")).TrimEnd('\n');
                threads[threadId] = new ThreadCpu(name, ParseCpuSeconds(File.ReadAllText(Path.Combine(folder, "stat"))));
            }
            catch (IOException)
            {
                // The thread exited after the listing. Its time still counts in the process's total.
            }
        }

        return new CpuSnapshot(CpuSeconds(), threads);
    }

    // Parses utime + stime from a /proc stat line of a process or thread. Linux computes them from the exact run
    // time of the scheduler and reports them in clock ticks, so each reading is rounded to 10 ms.
    private static double ParseCpuSeconds(string stat)
    {
        // The command name in field 2 is in parentheses and may contain spaces, so fields are counted after it.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }

    /// <summary>Returns the resident set size now (VmRSS) and its peak since the process started (VmHWM), in MiB.</summary>
    public (double RssMiB, double PeakMiB) Memory()
    {
        double rss = 0;
        double peak = 0;
        foreach (string line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = KibToMib(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = KibToMib(line);
            }
        }

        return (rss, peak);
    }

    private static double KibToMib(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
}
