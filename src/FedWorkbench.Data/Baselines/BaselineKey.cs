using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Data.Baselines;

/// <summary>
/// The identity of one centralized baseline result, for caching: the caller's dataset identity, the kind, and the
/// settings that kind reads. Two keys are equal exactly when their <see cref="Value"/>s are.
/// </summary>
/// <remarks>
/// Settings a kind ignores are left out, so changing the engine's learning rate keeps the cached ML.NET baselines.
/// The same inputs give the same <see cref="Value"/> and <see cref="Hash"/> in every process and on every machine.
/// </remarks>
public sealed record BaselineKey
{
    /// <summary>
    /// Version of the trainers' fixed hyper-parameters and of how results are computed, the first part of every
    /// key. Raise it when either changes, or when a package update changes results, so that older cached results
    /// stop matching.
    /// </summary>
    public const int Version = 1;

    private BaselineKey(string value)
    {
        Value = value;
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>
    /// The canonical text of the key, for example
    /// <c>v1;dataset=fashion-mnist;kind=maximum-entropy;seed=42;max-training-samples=20000</c>. The dataset identity
    /// is percent-encoded, so it cannot forge the parts after it.
    /// </summary>
    public string Value { get; }

    /// <summary>SHA-256 of <see cref="Value"/> in UTF-8, as 64 lowercase hexadecimal digits, for file names and database keys.</summary>
    public string Hash { get; }

    /// <summary>Creates the key of training <paramref name="kind"/> with <paramref name="settings"/> on a dataset.</summary>
    /// <param name="datasetId">
    /// The caller's identity of the dataset's content, for example "fashion-mnist" or a hash of an uploaded file and
    /// its featurization options. Two different datasets must not share an identity.
    /// </param>
    /// <param name="kind">The baseline.</param>
    /// <param name="settings">The settings the baseline is trained with.</param>
    public static BaselineKey Create(string datasetId, BaselineKind kind, BaselineSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetId);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.HiddenLayers is null)
        {
            throw new ArgumentException("The settings' hidden layers are missing; give a list of widths, empty for none.", nameof(settings));
        }

        var parts = new List<string>
        {
            $"v{Version}",
            $"dataset={Uri.EscapeDataString(datasetId)}",
            $"kind={KindName(kind)}",
            $"seed={Number(settings.Seed)}",
        };
        if (kind == BaselineKind.Engine)
        {
            parts.Add($"model={ExperimentNames.Of(settings.Model)}");
            parts.Add($"hidden-layers={string.Join(',', settings.Model == ModelKind.Mlp ? settings.HiddenLayers.Select(Number) : [])}");
            parts.Add($"learning-rate={settings.LearningRate.ToString("R", CultureInfo.InvariantCulture)}");
            parts.Add($"batch-size={Number(settings.BatchSize)}");
            parts.Add($"epochs={Number(settings.Epochs)}");
        }
        else
        {
            parts.Add($"max-training-samples={Number(settings.MaxTrainingSamples)}");
        }

        return new BaselineKey(string.Join(';', parts));
    }

    /// <summary>Returns <see cref="Value"/>.</summary>
    public override string ToString() => Value;

    private static string KindName(BaselineKind kind) => kind switch
    {
        BaselineKind.Engine => "engine",
        BaselineKind.MaximumEntropy => "maximum-entropy",
        BaselineKind.LightGbm => "lightgbm",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown baseline kind."),
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
