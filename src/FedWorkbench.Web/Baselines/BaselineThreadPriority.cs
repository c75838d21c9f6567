using System.Runtime.InteropServices;

namespace FedWorkbench.Web.Baselines;

/// <summary>Lowers the scheduling priority of the calling thread, so that baselines take CPU only when runs leave some.</summary>
/// <remarks>
/// Linux gives a thread with a higher nice value a smaller share of CPU time under the default SCHED_OTHER policy,
/// and <c>setpriority</c> sets it for one thread when given that thread's id (setpriority(2), "Bugs").
/// </remarks>
internal static class BaselineThreadPriority
{
    /// <summary>Nice value of the baseline threads: 10, as for batch work, well below the default 0 of request threads.</summary>
    public const int NiceValue = 10;

    private const int PriorityProcess = 0;

    /// <summary>
    /// Sets the calling thread's nice value to <see cref="NiceValue"/> on Linux. Returns false with the C library's
    /// errno when that failed, null on other systems, where it does nothing.
    /// </summary>
    public static bool? TryLower(out int errno)
    {
        errno = 0;
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        if (SetPriority(PriorityProcess, GetThreadId(), NiceValue) == 0)
        {
            return true;
        }

        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
