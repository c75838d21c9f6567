using System.Diagnostics;
using System.Globalization;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Data.Baselines;

/// <summary>
/// Trains centralized baselines: a model fitted on the pooled training split of a dataset, which federated learning
/// avoids collecting, and scored on the whole test split. The gap between a baseline and a federated run on the same
/// data is the cost of federation. Instances hold no state between calls, and concurrent calls are safe.
/// </summary>
public sealed class CentralizedBaseline
{
    private readonly SimulationOptions? _engineOptions;

    /// <summary>Creates the trainer.</summary>
    /// <param name="engineOptions">Threads and scheduler of the engine baseline; null takes the engine's defaults.</param>
    public CentralizedBaseline(SimulationOptions? engineOptions = null)
    {
        _engineOptions = engineOptions;
    }

    /// <summary>
    /// Trains baseline <paramref name="kind"/> on the training split of <paramref name="dataset"/> and scores it on
    /// the test split. Blocks until training ends, so call it from a background thread.
    /// </summary>
    /// <remarks>
    /// Throws <see cref="ExperimentException"/> when a split is empty, the dataset has fewer than two classes or a
    /// setting is invalid, and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is
    /// cancelled. How soon a cancellation stops training depends on the kind: the engine checks it at every
    /// minibatch, L-BFGS at each pass over the data, and LightGBM only while ML.NET reads the data, never during
    /// the boosting iterations.
    /// </remarks>
    public BaselineResult Train(BaselineKind kind, Dataset dataset, BaselineSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(settings);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown baseline kind; choose Engine, MaximumEntropy or LightGbm.");
        }

        CheckDataset(dataset);
        CheckSettings(kind, settings);
        cancellationToken.ThrowIfCancellationRequested();

        var clock = Stopwatch.StartNew();
        BaselineScore score = kind == BaselineKind.Engine
            ? TrainEngine(dataset, settings, cancellationToken)
            : MLNetBaseline.Train(kind, dataset, settings, cancellationToken);
        return new BaselineResult(
            kind,
            score.TestAccuracy,
            double.IsFinite(score.TestLogLoss) ? score.TestLogLoss : null,
            score.TrainingSamples,
            dataset.Test.Count,
            clock.Elapsed.TotalSeconds,
            score.Description);
    }

    /// <summary>
    /// Returns the engine experiment that trains centrally: one client has every training sample, is sampled each
    /// round and trains one local epoch, so each round is one epoch of SGD over the whole training split.
    /// </summary>
    private static ExperimentConfig EngineExperiment(BaselineSettings settings) => new()
    {
        Model = settings.Model,
        HiddenLayers = settings.HiddenLayers,
        LearningRate = settings.LearningRate,
        BatchSize = settings.BatchSize,
        Rounds = settings.Epochs,
        Seed = settings.Seed,
        // The engine is handed the dataset itself, which the table kind stands for.
        Dataset = DatasetKind.Table,
        Clients = 1,
        ClientFraction = 1,
        LocalEpochs = 1,
        ClientTestFraction = 0,
        Partition = PartitionKind.Iid,
    };

    private BaselineScore TrainEngine(Dataset dataset, BaselineSettings settings, CancellationToken cancellationToken)
    {
        ExperimentConfig config = EngineExperiment(settings);
        var simulation = new FederatedSimulation(dataset, _engineOptions);

        // The engine runs its rounds on its own scheduler and awaits with ConfigureAwait(false), never on the
        // caller's synchronization context, so blocking this thread on the enumeration is safe.
        RoundResult? last = null;
        foreach (RoundResult round in simulation.RunAsync(config, cancellationToken).ToBlockingEnumerable(cancellationToken))
        {
            last = round;
        }

        // Rounds ≥ 1 is validated before training, so the run yields at least one round.
        RoundResult final = last!;
        ModelLayout layout = ModelLayout.ForExperiment(config, dataset.FeatureCount, dataset.ClassCount);
        string description = string.Create(
            CultureInfo.InvariantCulture,
            $"FedWorkbench engine, {ExperimentNames.Of(settings.Model)} {layout}, plain SGD with learning rate {settings.LearningRate:G6}, " +
            $"batch size {settings.BatchSize}, {settings.Epochs} epochs over all {dataset.Train.Count:N0} training samples as one client, seed {settings.Seed}");
        return new BaselineScore(final.TestAccuracy, final.TestLoss, dataset.Train.Count, description);
    }

    private static void CheckDataset(Dataset dataset)
    {
        if (dataset.Train.Count == 0 || dataset.Test.Count == 0)
        {
            throw new ExperimentException(
                $"Dataset {dataset.Name} has {dataset.Train.Count} training and {dataset.Test.Count} test samples; a baseline needs at least one of each.");
        }

        if (dataset.ClassCount < 2)
        {
            throw new ExperimentException($"Dataset {dataset.Name} has {dataset.ClassCount} class names; a baseline needs at least two classes.");
        }
    }

    private static void CheckSettings(BaselineKind kind, BaselineSettings settings)
    {
        if (kind == BaselineKind.Engine)
        {
            if (settings.Epochs < 1 || settings.Epochs > ExperimentLimits.MaxRounds)
            {
                throw new ExperimentException($"Epochs {settings.Epochs} is outside [1, {ExperimentLimits.MaxRounds}]; enter for example 5.");
            }

            // The validator checks the model and SGD settings with the messages of the experiment form.
            ExperimentValidator.ThrowIfInvalid(EngineExperiment(settings));
        }
        else if (settings.MaxTrainingSamples < 1)
        {
            throw new ExperimentException(
                $"Maximum training samples {settings.MaxTrainingSamples} is invalid; enter at least 1, for example {BaselineSettings.DefaultMaxTrainingSamples}.");
        }
    }
}

/// <summary>What one trainer returns: the test scores, the training samples it fitted and its description.</summary>
internal sealed record BaselineScore(double TestAccuracy, double TestLogLoss, int TrainingSamples, string Description);
