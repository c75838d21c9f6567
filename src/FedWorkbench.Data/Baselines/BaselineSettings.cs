using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Data.Baselines;

/// <summary>
/// The settings of a centralized baseline. The seed applies to every kind; the model and SGD settings apply to
/// <see cref="BaselineKind.Engine"/> only, and the training-sample cap to the ML.NET kinds only.
/// </summary>
/// <remarks>The model and SGD defaults are those of <see cref="ExperimentConfig"/>.</remarks>
public sealed record BaselineSettings
{
    /// <summary>Training samples above which the ML.NET baselines train on a seeded subsample.</summary>
    /// <remarks>
    /// On all 60,000 Fashion-MNIST training samples, one run each on a 2-core VM shared with other jobs took 183 s
    /// for LightGBM (test accuracy 0.896) and 87 s for L-BFGS (0.846), each on one thread. LightGBM cannot be
    /// cancelled while it boosts, so the cap keeps that wait near a minute, estimated from the linear growth of
    /// its cost with the number of samples.
    /// </remarks>
    public const int DefaultMaxTrainingSamples = 20_000;

    /// <summary>Seed of the engine's initialization and shuffling, of ML.NET's MLContext, and of any subsample.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The engine's model architecture; set it to the run's.</summary>
    public ModelKind Model { get; init; } = ModelKind.Mlp;

    /// <summary>Hidden layer widths of the engine's multilayer perceptron; ignored for softmax regression.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [200, 200];

    /// <summary>The engine's SGD learning rate η.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>The engine's minibatch size B.</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Passes of the engine's SGD over the whole training split, from 1 to <see cref="ExperimentLimits.MaxRounds"/>.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>
    /// Training samples the ML.NET baselines fit at most, at least 1. A larger training split is replaced by a
    /// uniform subsample of this size without replacement, drawn with <see cref="Seed"/>, and the result's
    /// description states the subsample.
    /// </summary>
    public int MaxTrainingSamples { get; init; } = DefaultMaxTrainingSamples;

    /// <summary>Most epochs that <see cref="ForExperiment"/> gives the engine baseline unless its caller sets another cap.</summary>
    public const int MaxEpochsForExperiment = 20;

    /// <summary>
    /// Returns the baseline settings that match a federated experiment: its seed, model, learning rate and batch
    /// size, and as many epochs over the pooled data as the experiment's rounds × local epochs, at most
    /// <paramref name="maxEpochs"/>.
    /// </summary>
    /// <remarks>
    /// Each round of the experiment trains a fraction C of the clients for E epochs on their own data, so rounds × E
    /// epochs over the pooled data is at least as much training as the run did. The cap bounds the time a baseline
    /// of a long run takes.
    /// </remarks>
    /// <param name="config">The experiment the baseline is compared with.</param>
    /// <param name="maxEpochs">Most epochs of the engine baseline; the web app takes it from its settings.</param>
    public static BaselineSettings ForExperiment(ExperimentConfig config, int maxEpochs = MaxEpochsForExperiment)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEpochs);
        return new BaselineSettings
        {
            Seed = config.Seed,
            Model = config.Model,
            HiddenLayers = config.HiddenLayers,
            LearningRate = config.LearningRate,
            BatchSize = config.BatchSize,
            Epochs = (int)Math.Clamp((long)config.Rounds * config.LocalEpochs, 1, maxEpochs),
        };
    }
}
