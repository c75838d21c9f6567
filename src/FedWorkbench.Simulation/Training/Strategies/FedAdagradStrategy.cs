using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training.Strategies;

/// <summary>FedAdagrad (Reddi et al. 2021): v ← v + Δ². Server learning rate η defaults to 0.1.</summary>
internal sealed class FedAdagradStrategy(ExperimentConfig config, int parameterCount) : AdaptiveServerStrategy(config, parameterCount)
{
    /// <inheritdoc/>
    protected override double NextSecondMoment(double secondMoment, double squaredDelta) => secondMoment + squaredDelta;
}
