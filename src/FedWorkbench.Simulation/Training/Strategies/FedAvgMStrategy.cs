using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Checkpoints;

namespace FedWorkbench.Simulation.Training.Strategies;

/// <summary>
/// FedAvg with server momentum (Hsu et al. 2019, "Measuring the Effects of Non-Identical Data Distribution for
/// Federated Visual Classification"): v ← β·v + Δ, then θ ← θ + η·v, with v = 0 before round 1.
/// </summary>
internal sealed class FedAvgMStrategy : FedAvgStrategy
{
    private readonly double _momentum;
    private readonly double _learningRate;
    private readonly double[] _velocity;

    /// <summary>Reads β from <see cref="ExperimentConfig.ServerMomentum"/> and η from <see cref="ExperimentConfig.ServerLearningRate"/> (default 1).</summary>
    public FedAvgMStrategy(ExperimentConfig config, int parameterCount)
        : base(config, parameterCount)
    {
        _momentum = config.ServerMomentum;
        _learningRate = StrategyDefaults.ServerLearningRate(config);
        _velocity = new double[parameterCount];
    }

    /// <inheritdoc/>
    public override IReadOnlyList<StateSection> CreateStateSections() => [new DoubleVectorSection("FAMV", "the FedAvgM server velocity v", _velocity)];

    /// <inheritdoc/>
    public override void ApplyServerUpdate(Span<float> global, ReadOnlySpan<float> pseudoGradient)
    {
        CheckLengths(global, pseudoGradient);
        for (int i = 0; i < global.Length; i++)
        {
            _velocity[i] = (_momentum * _velocity[i]) + pseudoGradient[i];
            global[i] = (float)(global[i] + (_learningRate * _velocity[i]));
        }
    }
}
