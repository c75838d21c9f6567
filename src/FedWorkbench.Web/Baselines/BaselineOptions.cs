using System.ComponentModel.DataAnnotations;
using FedWorkbench.Data.Baselines;

namespace FedWorkbench.Web.Baselines;

/// <summary>Limits of the centralized baselines that runs ask for. Bound from the <c>Baselines</c> configuration section.</summary>
public sealed class BaselineOptions
{
    /// <summary>Configuration section the options are bound from.</summary>
    public const string SectionName = "Baselines";

    /// <summary>
    /// Baselines that may wait for the baseline worker. A baseline requested while this many wait is stored as
    /// failed with a "not queued" message, and its run launches all the same. Default 20.
    /// </summary>
    [Range(1, 1_000, ErrorMessage = "Baselines:QueueCapacity must be between {1} and {2}.")]
    public int QueueCapacity { get; set; } = 20;

    /// <summary>
    /// Training samples the ML.NET baselines (maximum entropy, LightGBM) fit at most; a larger training split is
    /// replaced by a seeded subsample. Default 20,000. Part of the cache key, so changing it trains them again.
    /// </summary>
    [Range(1_000, 10_000_000, ErrorMessage = "Baselines:MaxTrainingSamples must be between {1} and {2}.")]
    public int MaxTrainingSamples { get; set; } = BaselineSettings.DefaultMaxTrainingSamples;

    /// <summary>
    /// Most epochs of the engine baseline, which otherwise trains rounds × local epochs of the run. Default 20.
    /// Part of the cache key through the epochs it sets.
    /// </summary>
    [Range(1, 1_000, ErrorMessage = "Baselines:MaxEngineEpochs must be between {1} and {2}.")]
    public int MaxEngineEpochs { get; set; } = 20;
}
