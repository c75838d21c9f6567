using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training.Strategies;

/// <summary>FedAdam (Reddi et al. 2021): v ← β2·v + (1 − β2)·Δ². Server learning rate η defaults to 0.01.</summary>
internal sealed class FedAdamStrategy(ExperimentConfig config, int parameterCount) : AdaptiveServerStrategy(config, parameterCount)
{
    /// <inheritdoc/>
    protected override double NextSecondMoment(double secondMoment, double squaredDelta) =>
        (Beta2 * secondMoment) + ((1 - Beta2) * squaredDelta);
}
