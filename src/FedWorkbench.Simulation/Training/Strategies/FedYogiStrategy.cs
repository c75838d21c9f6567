using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training.Strategies;

/// <summary>
/// FedYogi (Reddi et al. 2021): v ← v − (1 − β2)·Δ²·sign(v − Δ²), so v grows or shrinks by an additive step
/// instead of Adam's multiplicative decay. Server learning rate η defaults to 0.01.
/// </summary>
internal sealed class FedYogiStrategy(ExperimentConfig config, int parameterCount) : AdaptiveServerStrategy(config, parameterCount)
{
    /// <inheritdoc/>
    protected override double NextSecondMoment(double secondMoment, double squaredDelta) =>
        secondMoment - ((1 - Beta2) * squaredDelta * Math.Sign(secondMoment - squaredDelta));
}
