using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Checkpoints;

namespace FedWorkbench.Simulation.Training.Strategies;

/// <summary>
/// The adaptive server optimizers of Reddi et al. 2021, "Adaptive Federated Optimization" (Algorithm 2, without
/// bias correction): m ← β1·m + (1 − β1)·Δ, then a second-moment rule for v, then θ ← θ + η·m/(√v + τ).
/// m starts at 0 and v at τ².
/// </summary>
/// <remarks>Subclasses supply the second-moment rule: Adagrad, Adam or Yogi.</remarks>
internal abstract class AdaptiveServerStrategy : FedAvgStrategy
{
    private readonly double _learningRate;
    private readonly double _beta1;
    private readonly double _tau;
    private readonly double[] _firstMoment;
    private readonly double[] _secondMoment;

    /// <summary>Reads η, β1, β2 and τ from <paramref name="config"/>.</summary>
    protected AdaptiveServerStrategy(ExperimentConfig config, int parameterCount)
        : base(config, parameterCount)
    {
        _learningRate = StrategyDefaults.ServerLearningRate(config);
        _beta1 = config.Beta1;
        Beta2 = config.Beta2;
        _tau = config.Tau;
        _firstMoment = new double[parameterCount];
        _secondMoment = new double[parameterCount];
        Array.Fill(_secondMoment, _tau * _tau);
    }

    /// <summary>Second-moment decay β2; Adagrad does not use it.</summary>
    protected double Beta2 { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<StateSection> CreateStateSections() =>
    [
        new DoubleVectorSection("ADM1", "the server optimizer's first moment m", _firstMoment),
        new DoubleVectorSection("ADM2", "the server optimizer's second moment v", _secondMoment),
    ];

    /// <inheritdoc/>
    public override void ApplyServerUpdate(Span<float> global, ReadOnlySpan<float> pseudoGradient)
    {
        CheckLengths(global, pseudoGradient);
        for (int i = 0; i < global.Length; i++)
        {
            double delta = pseudoGradient[i];
            _firstMoment[i] = (_beta1 * _firstMoment[i]) + ((1 - _beta1) * delta);
            _secondMoment[i] = NextSecondMoment(_secondMoment[i], delta * delta);
            global[i] = (float)(global[i] + (_learningRate * _firstMoment[i] / (Math.Sqrt(_secondMoment[i]) + _tau)));
        }
    }

    /// <summary>Returns the next v from the current <paramref name="secondMoment"/> and Δ² (<paramref name="squaredDelta"/>).</summary>
    protected abstract double NextSecondMoment(double secondMoment, double squaredDelta);
}
