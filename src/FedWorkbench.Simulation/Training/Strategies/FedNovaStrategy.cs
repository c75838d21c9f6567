using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Aggregation;

namespace FedWorkbench.Simulation.Training.Strategies;

/// <summary>
/// FedNova (Wang et al. 2020): θ ← θ + η·Δ, where Δ is the normalized average of
/// <see cref="NormalizedMeanAggregator"/>, which divides each delta by its client's local-step factor a_k.
/// </summary>
/// <remarks>
/// NOTE: a_k covers plain SGD and SGD with momentum. Local weight decay also changes how far the local steps
/// move, and a_k leaves it out, so FedNova with weight decay is an approximation.
/// </remarks>
internal sealed class FedNovaStrategy : FedAvgStrategy
{
    private readonly double _learningRate;

    /// <summary>Reads η from <see cref="ExperimentConfig.ServerLearningRate"/> (default 1); the aggregator reads the local momentum ρ.</summary>
    public FedNovaStrategy(ExperimentConfig config, int parameterCount)
        : base(config, parameterCount)
    {
        _learningRate = StrategyDefaults.ServerLearningRate(config);
    }

    /// <inheritdoc/>
    public override void ApplyServerUpdate(Span<float> global, ReadOnlySpan<float> pseudoGradient) =>
        AddScaled(global, pseudoGradient, _learningRate);
}
