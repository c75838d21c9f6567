using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Operations;
using FedWorkbench.Web.Runs;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Tests.Runs;

/// <summary>The start-up load of Fashion-MNIST and how the readiness check reports it.</summary>
public sealed class DatasetPreloaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedworkbench-preload-").FullName;
    private readonly StartupWarmUpStatus _warmUpStatus = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Preload_DisabledLoadsNothing()
    {
        DatasetPreloader preloader = Create(_folder, preload: false);

        await RunToEndAsync(preloader);

        Assert.Equal(DatasetPreloadState.Disabled, preloader.State);
        Assert.Null(preloader.Error);
        Assert.True(_warmUpStatus.EngineFinished, "with nothing to load, readiness must not wait for the engine warm-up");
    }

    [Fact]
    public async Task Preload_MissingFilesAreSkipped()
    {
        DatasetPreloader preloader = Create(Path.Combine(_folder, "missing"), preload: true);

        await RunToEndAsync(preloader);

        Assert.Equal(DatasetPreloadState.Skipped, preloader.State);
        Assert.True(_warmUpStatus.EngineFinished);
    }

    [Fact]
    public async Task Preload_CorruptFilesFailReadiness()
    {
        // Files that start like gzip, so the readiness check's header test passes, but hold no idx data.
        foreach (string name in FashionMnistLoader.FileNames)
        {
            await File.WriteAllBytesAsync(Path.Combine(_folder, name), [0x1f, 0x8b, 0x08, 0x00]);
        }

        DatasetPreloader preloader = Create(_folder, preload: true);
        await RunToEndAsync(preloader);
        var check = new DatasetHealthCheck(Options.Create(new DatasetOptions { FashionMnistFolder = _folder }), preloader);
        HealthCheckResult result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(DatasetPreloadState.Failed, preloader.State);
        Assert.False(string.IsNullOrEmpty(preloader.Error));
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(preloader.Error!, result.Description, StringComparison.Ordinal);
        Assert.True(_warmUpStatus.EngineFinished);
    }

    [Fact]
    public async Task Preload_InstalledDatasetWarmsUpEngine()
    {
        // Arrange: the Debian package's files, which the test script installs.
        DatasetPreloader preloader = Create(DatasetCatalog.DefaultFashionMnistFolder, preload: true);
        Assert.False(_warmUpStatus.EngineFinished);

        // Act
        await RunToEndAsync(preloader);

        // Assert
        Assert.Equal(DatasetPreloadState.Loaded, preloader.State);
        Assert.True(preloader.EngineWarmedUp);
        Assert.True(_warmUpStatus.EngineFinished);
    }

    [Fact]
    public async Task Readiness_FileThatBlocksTimesOut()
    {
        // Arrange: a named pipe blocks its reader's open until a writer comes, as a hung network mount would.
        foreach (string name in FashionMnistLoader.FileNames)
        {
            await File.WriteAllBytesAsync(Path.Combine(_folder, name), [0x1f, 0x8b, 0x08, 0x00]);
        }

        string blocking = Path.Combine(_folder, FashionMnistLoader.FileNames[0]);
        File.Delete(blocking);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", blocking))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var check = new DatasetHealthCheck(Options.Create(new DatasetOptions { FashionMnistFolder = _folder }), Create(_folder, preload: false));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        // Act and assert: the check gives up when its token fires, and the health service reports that as Unhealthy.
        // The outer limit turns a check that ignores its token into a failure instead of a hung test.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => check.CheckHealthAsync(new HealthCheckContext(), timeout.Token).WaitAsync(TimeSpan.FromSeconds(30)));

        // A writer releases the blocked open, so no thread stays blocked after the test.
        await using var writer = new FileStream(blocking, FileMode.Open, FileAccess.Write);
    }

    private DatasetPreloader Create(string folder, bool preload)
    {
        var catalog = new DatasetCatalog(folder);
        return new DatasetPreloader(
            catalog,
            new FederatedSimulation(catalog),
            _warmUpStatus,
            Options.Create(new DatasetOptions { FashionMnistFolder = folder, PreloadFashionMnist = preload }),
            TimeProvider.System,
            NullLogger<DatasetPreloader>.Instance);
    }

    private static async Task RunToEndAsync(DatasetPreloader preloader)
    {
        await preloader.StartAsync(CancellationToken.None);
        await preloader.ExecuteTask!;
    }
}
