using System.Globalization;
using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Baselines;

/// <summary>
/// One baseline as a run requests it: the run's experiment (whose dataset it trains on), the settings derived from
/// that experiment, and the cache key of the data, kind and settings.
/// </summary>
public sealed record BaselineRequest(BaselineKind Kind, ExperimentConfig Config, BaselineSettings Settings, BaselineKey Key)
{
    /// <summary>
    /// Derives the baseline <paramref name="kind"/> of <paramref name="config"/>. The settings are the run's seed,
    /// model, hidden layers, learning rate and batch size; the engine baseline trains
    /// min(rounds × local epochs, <see cref="BaselineOptions.MaxEngineEpochs"/>) epochs, as many passes over the data
    /// as a client sampled in every round makes, capped so that a long run does not queue a long baseline.
    /// </summary>
    public static BaselineRequest For(ExperimentConfig config, BaselineKind kind, BaselineOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        // The command line's --baseline starts from the same mapping, so both train the same baseline.
        BaselineSettings settings = BaselineSettings.ForExperiment(config, options.MaxEngineEpochs) with
        {
            MaxTrainingSamples = options.MaxTrainingSamples,
        };
        return new BaselineRequest(kind, config, settings, BaselineKey.Create(DatasetId(config), kind, settings));
    }

    /// <summary>
    /// Returns the identity of the data <paramref name="config"/> trains and tests on, which changes whenever that
    /// data does: <c>fashion-mnist</c>; <c>synthetic:α:β:seed</c>; or for a table, its file's SHA-256, the seed
    /// (which draws the test split) and every choice that featurizing and splitting reads.
    /// </summary>
    public static string DatasetId(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Dataset switch
        {
            DatasetKind.FashionMnist => "fashion-mnist",
            DatasetKind.Synthetic => string.Create(
                CultureInfo.InvariantCulture, $"synthetic:{config.SyntheticAlpha:R}:{config.SyntheticBeta:R}:{config.Seed}"),
            DatasetKind.Table => TableId(config),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Dataset, "Unknown dataset kind."),
        };
    }

    // Names are percent-encoded, so a column name containing a separator cannot make two tables look alike. The
    // file name is left out because it does not change the data.
    private static string TableId(ExperimentConfig config)
    {
        TableSource table = config.Table
            ?? throw new ArgumentException("The experiment's dataset is a table but it names none.", nameof(config));
        string features = table.FeatureColumns is null ? "*" : string.Join(',', table.FeatureColumns.Select(Uri.EscapeDataString));
        string types = table.ColumnTypes is null
            ? ""
            : string.Join(',', table.ColumnTypes.OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}"));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"table:{table.Id}:{config.Seed}:{Uri.EscapeDataString(table.LabelColumn)}/{Uri.EscapeDataString(table.OwnerColumn ?? "")}/{features}/{table.TestFraction:R}/{types}");
    }
}
