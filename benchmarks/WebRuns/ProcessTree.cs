namespace WebRuns;

/// <summary>CPU affinity and CPU time of a process and its descendants, read from <c>/proc</c> (Linux only).</summary>
internal static class ProcessTree
{
    public static string AllowedCpus(int pid) => ReadStatusField(pid, "Cpus_allowed_list:") ?? "(unknown)";

    /// <summary>Describes the CPU sets of the descendants of <paramref name="root"/>, for example "1 (23 processes)".</summary>
    public static string DescribeDescendantAffinity(int root)
    {
        IEnumerable<string> groups = Descendants(root)
            .Select(pid => ReadStatusField(pid, "Cpus_allowed_list:"))
            .OfType<string>()
            .GroupBy(cpus => cpus)
            .Select(group => $"{group.Key} ({group.Count()} processes)");
        return string.Join(", ", groups);
    }

    public static double DescendantCpuSeconds(int root)
    {
        double total = 0;
        foreach (int pid in Descendants(root))
        {
            try
            {
                total += new AppProcess(pid).CpuSeconds();
            }
            catch (IOException)
            {
                // The process exited between the listing and the read, so this reading leaves its time out.
            }
        }

        return total;
    }

    private static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out int pid) && ReadStatusField(pid, "PPid:") is { } parent
                && int.TryParse(parent, out int ppid))
            {
                (children.TryGetValue(ppid, out List<int>? list) ? list : children[ppid] = []).Add(pid);
            }
        }

        var found = new List<int>();
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out int pid))
        {
            foreach (int child in children.GetValueOrDefault(pid, []))
            {
                found.Add(child);
                pending.Push(child);
            }
        }

        return found;
    }

    private static string? ReadStatusField(int pid, string name)
    {
        try
        {
            return File.ReadLines($"/proc/{pid}/status")
                .FirstOrDefault(line => line.StartsWith(name, StringComparison.Ordinal))?[name.Length..].Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
