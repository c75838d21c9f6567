using System.Diagnostics;
using FedWorkbench.Web.Tests.EndToEnd;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>Starts the built app as a process with a broken setting and checks its one-line error.</summary>
public sealed class StartupTests
{
    public static TheoryData<string, string, string> BrokenSettings => new()
    {
        { "Runs__MaxConcurrentRuns", "abc", "Runs:MaxConcurrentRuns (environment variable Runs__MaxConcurrentRuns) is 'abc', which is not a whole number; set it to a whole number between 1 and 64." },
        { "Runs__QueueCapacity", "0", "Runs:QueueCapacity must be between 1 and 10000." },
        { "Storage__BusyTimeoutMilliseconds", "-1", "Storage:BusyTimeoutMilliseconds must be between 0 and 600000." },
        { "Security__KnownProxies", "10.0.0.2;proxy.example", "Security:KnownProxies contains 'proxy.example', which is not an IP address; list the proxies' addresses, such as 10.0.0.2;10.0.0.3, separated by semicolons." },
        { "ASPNETCORE_HTTP_PORTS", "abc", "The port 'abc' in ASPNETCORE_HTTP_PORTS is invalid. Give port numbers from 0 to 65535, separated by semicolons." },
        { "Security__KnownProxies__0", "10.0.0.2", "Security:KnownProxies is set as a list of entries (Security:KnownProxies:0 and so on), which it does not read; set it to one value instead; a list option takes its entries separated by semicolons, such as 10.0.0.2;10.0.0.3." },
    };

    [Theory]
    [MemberData(nameof(BrokenSettings))]
    public async Task InvalidSetting_ExitsWithOneLine(string variable, string value, string expected)
    {
        using var folder = new TestDataFolder();

        (int exitCode, string output) = await RunAppAsync(folder.Path, new Dictionary<string, string> { [variable] = value });

        Assert.Equal(1, exitCode);
        Assert.Equal($"FedWorkbench cannot start: {expected}", output.Trim());
    }

    [Fact]
    public async Task DataFolderIsFile_ExitsWithOneLine()
    {
        using var folder = new TestDataFolder();
        Directory.CreateDirectory(folder.Path);
        string file = Path.Combine(folder.Path, "not-a-folder");
        await File.WriteAllTextAsync(file, "a file where the data folder should be");

        (int exitCode, string output) = await RunAppAsync(file, new Dictionary<string, string>());

        Assert.Equal(1, exitCode);
        Assert.Equal($"FedWorkbench cannot start: The data folder {file} is a file; set Storage:DataFolder to a folder.", output.Trim());
    }

    [Fact]
    public async Task CorruptDatabase_ExitsWithOneLine()
    {
        using var folder = new TestDataFolder();
        Directory.CreateDirectory(folder.Path);
        await File.WriteAllBytesAsync(folder.DatabasePath, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37))]);

        (int exitCode, string output) = await RunAppAsync(folder.Path, new Dictionary<string, string>());

        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"FedWorkbench cannot start: The database {folder.DatabasePath} is not a SQLite database (file is not a database). "
                + "Move it away or set Storage:DataFolder to another folder.",
            output.Trim());
    }

    [Fact]
    public async Task DataFolderInUse_ExitsWithOneLine()
    {
        // Arrange: this test process holds the lock, as a FedWorkbench process still stopping would.
        using var folder = new TestDataFolder();
        Directory.CreateDirectory(folder.Path);
        string lockPath = Path.Combine(folder.Path, "fedworkbench.lock");
        await using var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        // Act
        (int exitCode, string output) = await RunAppAsync(folder.Path, new Dictionary<string, string>());

        // Assert
        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"FedWorkbench cannot start: Another FedWorkbench process is using the data folder {folder.Path}. "
                + "Stop it first, or set Storage:DataFolder to another folder.",
            output.Trim());
    }

    [Fact]
    public async Task PortInUse_ExitsWithOneSentence()
    {
        // Arrange: this test process listens on the port, as another server would.
        using var folder = new TestDataFolder();
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        // Act
        (int exitCode, string output) = await RunAppAsync(folder.Path, new Dictionary<string, string>(), $"http://127.0.0.1:{port}");

        // Assert: Kestrel logs the details, and the process ends with the sentence, no crash report and no second error.
        Assert.Equal(1, exitCode);
        Assert.Contains(
            $"FedWorkbench cannot start: Failed to bind to address http://127.0.0.1:{port}: address already in use. "
                + "Stop the process that uses the port, or choose another port with --urls or ASPNETCORE_URLS.",
            output,
            StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("crit:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:abc")]
    [InlineData("http://127.0.0.1:70000")]
    [InlineData("notaurl")]
    public async Task InvalidListeningAddress_ExitsWithOneLine(string urls)
    {
        // Kestrel skipped such an address and listened on port 80 of every interface instead.
        using var folder = new TestDataFolder();

        (int exitCode, string output) = await RunAppAsync(folder.Path, new Dictionary<string, string>(), urls);

        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"FedWorkbench cannot start: The listening address '{urls}' (--urls or ASPNETCORE_URLS) is invalid. "
                + "Give addresses such as http://127.0.0.1:5080, separated by semicolons.",
            output.Trim());
    }

    [Fact]
    public async Task AddressOfAnotherMachine_ExitsWithOneSentence()
    {
        // 192.0.2.0/24 is reserved for documentation (RFC 5737), so no interface of the test machine has it.
        using var folder = new TestDataFolder();

        (int exitCode, string output) = await RunAppAsync(folder.Path, new Dictionary<string, string>(), "http://192.0.2.1:5099");

        Assert.Equal(1, exitCode);
        Assert.Contains("FedWorkbench cannot start: listening on http://192.0.2.1:5099 failed (", output, StringComparison.Ordinal);
        Assert.Contains("Choose an address of this machine with --urls or ASPNETCORE_URLS, such as http://127.0.0.1:5080.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    // Runs the app until it exits and returns its exit code and console output. An app that started despite
    // the broken setting would never exit, so it is killed after the failure timeout.
    private static async Task<(int ExitCode, string Output)> RunAppAsync(
        string dataFolder, IReadOnlyDictionary<string, string> environment, string urls = "http://127.0.0.1:0")
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.WebProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(RepositoryPaths.WebAppDll);
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add(urls);
        startInfo.ArgumentList.Add($"--Storage:DataFolder={dataFolder}");
        foreach ((string name, string value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunApi.FailureTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The app did not exit. Output: {await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
