using System.Diagnostics;
using System.Net;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>What the app processes started by the browser and fault tests share: their recent output and the start-up wait.</summary>
internal sealed class AppProcessOutput
{
    private const int MaxLines = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    /// <summary>The last 200 lines the process wrote to standard output and error.</summary>
    public string Recent
    {
        get
        {
            lock (_gate)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }

    /// <summary>Keeps <paramref name="line"/>, dropping the oldest line beyond 200; ignores the null of a closed stream.</summary>
    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > MaxLines)
            {
                _lines.Dequeue();
            }
        }
    }

    /// <summary>
    /// Waits until GET <paramref name="path"/> answers 200 on <paramref name="baseAddress"/>. Throws with the recent
    /// output when the process exits first or does not answer within 90 s; <paramref name="appName"/> names it.
    /// </summary>
    public async Task WaitUntilAnswersAsync(Process process, Uri baseAddress, string path, string appName)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The {appName} exited with code {process.ExitCode} during start-up. Its output:{Environment.NewLine}{Recent}");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // The request timed out while the app was still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException(
            $"The {appName} did not answer on {baseAddress} within {StartTimeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{Recent}");
    }
}
