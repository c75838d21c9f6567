using FedWorkbench.Simulation.Data;
using FedWorkbench.Web.Runs;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Operations;

/// <summary>
/// Readiness check that the four Fashion-MNIST files can be opened and start like gzip files, and the state of
/// their start-up load (<see cref="DatasetPreloader"/>). It reads two bytes of each file, not the whole data set,
/// so it costs little on every probe. A load still in progress is healthy: a run launched meanwhile waits for it.
/// </summary>
internal sealed class DatasetHealthCheck(IOptions<DatasetOptions> datasets, DatasetPreloader preloader) : IHealthCheck
{
    private const byte GzipMagic1 = 0x1f;
    private const byte GzipMagic2 = 0x8b;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Opening a file can block without end, for example on a hung network mount or a named pipe, and the open
        // itself cannot be cancelled. Waiting on a separate task lets the check's timeout report it as Unhealthy.
        return await Task.Run(() => CheckFilesAsync(cancellationToken), cancellationToken).WaitAsync(cancellationToken);
    }

    private async Task<HealthCheckResult> CheckFilesAsync(CancellationToken cancellationToken)
    {
        string folder = datasets.Value.FashionMnistFolder;
        foreach (string name in FashionMnistLoader.FileNames)
        {
            byte[] header = new byte[2];
            try
            {
                await using var file = new FileStream(Path.Combine(folder, name), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
                int read = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
                if (read < header.Length || header[0] != GzipMagic1 || header[1] != GzipMagic2)
                {
                    return HealthCheckResult.Unhealthy($"{name} in Datasets:FashionMnistFolder is not a gzip file; reinstall the dataset-fashion-mnist package.");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return HealthCheckResult.Unhealthy(
                    $"{name} in Datasets:FashionMnistFolder cannot be read ({ex.GetType().Name}); install the dataset-fashion-mnist package or fix the setting.");
            }
        }

        return preloader.State switch
        {
            DatasetPreloadState.Loaded => HealthCheckResult.Healthy("The Fashion-MNIST files are readable and the dataset is loaded."),
            DatasetPreloadState.Loading => HealthCheckResult.Healthy("The Fashion-MNIST files are readable and the dataset is loading."),
            DatasetPreloadState.Failed => HealthCheckResult.Unhealthy(
                $"The Fashion-MNIST files could not be loaded: {preloader.Error} This check stays unhealthy until the app is restarted after the files are fixed."),
            _ => HealthCheckResult.Healthy("The Fashion-MNIST files are readable."),
        };
    }
}
