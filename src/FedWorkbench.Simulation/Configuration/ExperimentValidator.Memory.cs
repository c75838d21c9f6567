using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Simulation.Configuration;

public static partial class ExperimentValidator
{
    /// <summary>
    /// Rejects per-client state above <see cref="ExperimentLimits.MaxClientStateBytes"/>: SCAFFOLD's control
    /// variates and top-k error feedback residuals each keep P float32 values for every client, and a run with both
    /// keeps both.
    /// </summary>
    private static void ValidateClientStateMemory(ExperimentConfig config, Action<string, string> add)
    {
        bool scaffold = config.Strategy == StrategyKind.Scaffold;
        bool topK = config.Compression == CompressionKind.TopK;
        if (!(scaffold || topK) || config.Clients is < 1 or > ExperimentLimits.MaxClients || ModelParameterCount(config) is not int parameters)
        {
            return;
        }

        int vectorsPerClient = (scaffold ? 1 : 0) + (topK ? 1 : 0);
        long bytesPerClient = (long)vectorsPerClient * parameters * sizeof(float);
        long bytes = config.Clients * bytesPerClient;
        if (bytes <= ExperimentLimits.MaxClientStateBytes)
        {
            return;
        }

        string state = (scaffold, topK) switch
        {
            (true, true) => "SCAFFOLD's control variate and top-k's error feedback residual",
            (true, false) => "SCAFFOLD's control variate",
            _ => "top-k's error feedback residual",
        };
        string alternatives = (scaffold, topK) switch
        {
            (true, true) => "another strategy, or q8 or q4 compression",
            (true, false) => "another strategy",
            _ => "q8 or q4 compression",
        };
        long fitting = ExperimentLimits.MaxClientStateBytes / bytesPerClient;
        add(scaffold ? nameof(config.Strategy) : nameof(config.Compression),
            $"Every client keeps {state}: {Number(config.Clients)} clients × {(vectorsPerClient > 1 ? $"{vectorsPerClient} × " : string.Empty)}" +
            $"{Number(parameters)} parameters × 4 bytes = " +
            $"{Number(bytes / (1024 * 1024))} MiB, above the limit of {Number(ExperimentLimits.MaxClientStateBytes / (1024 * 1024))} MiB; " +
            $"use at most {Number(fitting)} clients, a smaller model, or {alternatives}.");
    }

    /// <summary>Returns the model's parameter count P on the experiment's dataset, or null when the dataset or model is invalid (reported elsewhere).</summary>
    private static int? ModelParameterCount(ExperimentConfig config)
    {
        (int Features, int Classes)? shape = config.Dataset switch
        {
            DatasetKind.FashionMnist => (FashionMnistLoader.FeatureCount, FashionMnistLoader.ClassNames.Count),
            DatasetKind.Synthetic => (SyntheticDataset.FeatureCount, SyntheticDataset.ClassCount),
            _ => null,
        };
        if (shape is not var (features, classes) || !Enum.IsDefined(config.Model))
        {
            return null;
        }

        if (config.Model == ModelKind.Mlp)
        {
            IReadOnlyList<int>? hidden = config.HiddenLayers;
            if (hidden is null || hidden.Count == 0 || hidden.Count > ExperimentLimits.MaxHiddenLayers
                || hidden.Any(width => width < 1 || width > ExperimentLimits.MaxHiddenWidth))
            {
                return null;
            }
        }

        return ModelLayout.ForExperiment(config, features, classes).ParameterCount;
    }
}
