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
    public double CpuSeconds()
    {
        string stat = File.ReadAllText($"/proc/{Pid}/stat");

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
