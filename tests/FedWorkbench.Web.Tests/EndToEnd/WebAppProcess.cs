using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>
/// The built web app running as a separate <c>dotnet FedWorkbench.Web.dll</c> process on a free loopback port,
/// with its own temporary data folder. Disposing stops the process and deletes the folder.
/// </summary>
internal sealed class WebAppProcess : IAsyncDisposable
{
    private readonly Process _process;

    // The last lines of the app's console output, kept for failure messages.
    private readonly AppProcessOutput _output = new();

    private WebAppProcess(Process process, Uri baseAddress, string dataFolder)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataFolder = dataFolder;
    }

    /// <summary>Address the app listens on, for example http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Temporary folder passed as <c>Storage:DataFolder</c>.</summary>
    public string DataFolder { get; }

    /// <summary>Returns the app's recent console output.</summary>
    public string RecentOutput => _output.Recent;

    /// <summary>Starts the app and waits until it responds to HTTP requests.</summary>
    public static async Task<WebAppProcess> StartAsync()
    {
        string dll = RepositoryPaths.WebAppDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The web app is not built: {dll} is missing. Run 'dotnet build' first.");
        }

        int port = FindFreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        string dataFolder = Directory.CreateTempSubdirectory("fedwb-e2e-").FullName;

        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.WebProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dll);
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        startInfo.ArgumentList.Add("--contentRoot");
        startInfo.ArgumentList.Add(RepositoryPaths.WebProject);
        startInfo.ArgumentList.Add($"--Storage:DataFolder={dataFolder}");

        // Development serves the static web assets from the build output; Production needs a publish.
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";

        // Every browser of every test connects from 127.0.0.1 to this one app, so the per-address limits would
        // count the whole suite as one person. The per-connection limits keep their defaults.
        startInfo.Environment["RateLimits__ApiRequestsPerMinutePerAddress"] = "100000";
        startInfo.Environment["RateLimits__RoomsPerHourPerAddress"] = "10000";
        startInfo.Environment["RateLimits__RunLaunchesPerHourPerAddress"] = "10000";
        startInfo.Environment["RateLimits__TableUploadsPerHourPerAddress"] = "10000";
        startInfo.Environment["RateLimits__HubCallsPerSecondPerAddress"] = "100000";
        startInfo.Environment["RateLimits__ConnectionsPerAddress"] = "10000";

        var process = new Process { StartInfo = startInfo };
        var app = new WebAppProcess(process, baseAddress, dataFolder);
        process.OutputDataReceived += (_, e) => app._output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => app._output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await app.WaitUntilReadyAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>Stops the app process and deletes its data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a process that is exiting; the folder is under the system temp folder.
        }
    }

    private Task WaitUntilReadyAsync() => _output.WaitUntilAnswersAsync(_process, BaseAddress, "/", "web app");

    private static int FindFreePort()
    {
        // FEDWB_E2E_PORT pins the port, for machines where servers may only use assigned ports.
        if (int.TryParse(Environment.GetEnvironmentVariable("FEDWB_E2E_PORT"), out int pinned) && pinned is > 0 and <= 65535)
        {
            return pinned;
        }

        // Port 0 makes the operating system pick a free port; another process could take it before the app binds.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
