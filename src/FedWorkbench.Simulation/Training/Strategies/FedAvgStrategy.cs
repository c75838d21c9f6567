using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Aggregation;

namespace FedWorkbench.Simulation.Training.Strategies;

/// <summary>
/// Federated Averaging (McMahan et al. 2017): θ ← θ + Δ, where Δ is the aggregate of the client deltas (the
/// mean weighted by sample count, or the configured robust rule). The base of every other strategy.
/// </summary>
internal class FedAvgStrategy : FederatedStrategy
{
    /// <summary>Creates the strategy with the aggregator <see cref="UpdateAggregator.Create"/> builds from <paramref name="config"/>.</summary>
    public FedAvgStrategy(ExperimentConfig config, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        ParameterCount = parameterCount;
        Aggregator = UpdateAggregator.Create(config, parameterCount);
    }

    /// <inheritdoc/>
    public override UpdateAggregator Aggregator { get; }

    /// <summary>Length P of the model.</summary>
    protected int ParameterCount { get; }

    /// <inheritdoc/>
    public override void ApplyServerUpdate(Span<float> global, ReadOnlySpan<float> pseudoGradient) => AddScaled(global, pseudoGradient, 1.0);

    /// <summary>Adds θ[i] ← θ[i] + scale·Δ[i], computed in float64 and rounded to float32.</summary>
    protected static void AddScaled(Span<float> global, ReadOnlySpan<float> pseudoGradient, double scale)
    {
        CheckLengths(global, pseudoGradient);
        for (int i = 0; i < global.Length; i++)
        {
            global[i] = (float)(global[i] + (scale * pseudoGradient[i]));
        }
    }
}
