using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>
/// The published web app as a separate <c>dotnet FedWorkbench.Web.dll</c> process in Production, on a data folder
/// that the caller owns, so that a test can kill it and start it again on the same data.
/// </summary>
internal sealed class PublishedAppProcess : IAsyncDisposable
{
    private static readonly SemaphoreSlim PublishGate = new(1, 1);
    private static string? _publishFolder;

    // Loopback ports the fault tests may listen on; the first free one is used.
    private const int FirstPort = 5311;
    private const int LastPort = 5319;

    private readonly Process _process;
    private readonly AppProcessOutput _output = new();

    private PublishedAppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>Address the app listens on.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Returns the app's recent console output, for failure messages.</summary>
    public string RecentOutput => _output.Recent;

    /// <summary>Publishes the web app once per test run, from the build that <c>dotnet test</c> made, and starts it.</summary>
    public static async Task<PublishedAppProcess> StartAsync(string dataFolder)
    {
        string publishFolder = await PublishAsync();
        int port = FindFreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");

        // The process is the dotnet host running the app itself, not a shell, so killing it kills the server.
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = publishFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(publishFolder, "FedWorkbench.Web.dll"));
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["Storage__DataFolder"] = dataFolder;
        startInfo.Environment["AllowedHosts"] = "localhost;127.0.0.1";

        // The tests poll the API several times a second for minutes, more than the default per-address limit.
        startInfo.Environment["RateLimits__ApiRequestsPerMinutePerAddress"] = "100000";

        var process = new Process { StartInfo = startInfo };
        var app = new PublishedAppProcess(process, baseAddress);
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

    /// <summary>Sends SIGKILL to the server process (on Linux, <see cref="Process.Kill()"/> is SIGKILL) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task<string> PublishAsync()
    {
        await PublishGate.WaitAsync();
        try
        {
            if (_publishFolder is not null)
            {
                return _publishFolder;
            }

            string configuration = typeof(PublishedAppProcess).Assembly
                .GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            string output = Directory.CreateTempSubdirectory("fedwb-published-").FullName;
            var startInfo = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[]
            {
                "publish", Path.Combine(RepositoryPaths.WebProject, "FedWorkbench.Web.csproj"),
                "--configuration", configuration, "--output", output, "--no-build", "--nologo", "-p:UseAppHost=false",
            })
            {
                startInfo.ArgumentList.Add(argument);
            }

            using Process publish = Process.Start(startInfo)!;
            Task<string> stdout = publish.StandardOutput.ReadToEndAsync();
            Task<string> stderr = publish.StandardError.ReadToEndAsync();
            await publish.WaitForExitAsync();
            if (publish.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"dotnet publish failed with exit code {publish.ExitCode}:{Environment.NewLine}{await stdout}{await stderr}");
            }

            _publishFolder = output;
            return output;
        }
        finally
        {
            PublishGate.Release();
        }
    }

    private Task WaitUntilReadyAsync() => _output.WaitUntilAnswersAsync(_process, BaseAddress, "/api/runs", "published app");

    private static int FindFreePort()
    {
        for (int port = FirstPort; port <= LastPort; port++)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use; try the next one.
            }
        }

        throw new InvalidOperationException($"Every loopback port from {FirstPort} to {LastPort} is in use; stop the process that holds them.");
    }
}
