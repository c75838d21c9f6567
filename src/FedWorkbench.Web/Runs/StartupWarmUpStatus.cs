namespace FedWorkbench.Web.Runs;

/// <summary>
/// Which start-up warm-ups are still running: <see cref="StartupWarmUp"/> (store queries and writes, chart
/// serialization) and the engine rounds of <see cref="DatasetPreloader"/>. Until both have finished, the first
/// launch pays part of their cost, which the readiness endpoint reports as Degraded.
/// </summary>
public sealed class StartupWarmUpStatus
{
    private volatile bool _storeAndChartsFinished;
    private volatile bool _engineFinished;

    /// <summary>True once the store and chart warm-ups have ended, whether they succeeded, failed or were skipped.</summary>
    public bool StoreAndChartsFinished => _storeAndChartsFinished;

    /// <summary>
    /// True once the dataset load and the engine's warm-up rounds have ended, or were not going to run (preloading
    /// off, files missing, load failed).
    /// </summary>
    public bool EngineFinished => _engineFinished;

    /// <summary>True once every start-up warm-up has ended.</summary>
    public bool IsFinished => _storeAndChartsFinished && _engineFinished;

    /// <summary>Records that the store and chart warm-ups have ended.</summary>
    public void MarkStoreAndChartsFinished() => _storeAndChartsFinished = true;

    /// <summary>Records that the dataset load and engine warm-up have ended or will not run.</summary>
    public void MarkEngineFinished() => _engineFinished = true;
}
