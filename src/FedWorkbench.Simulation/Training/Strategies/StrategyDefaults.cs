using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training.Strategies;

/// <summary>Default hyperparameters of the server strategies, for the engine, the form and the docs.</summary>
public static class StrategyDefaults
{
    /// <summary>
    /// Returns the server learning rate η that <paramref name="strategy"/> uses when
    /// <see cref="ExperimentConfig.ServerLearningRate"/> is null: 1 for FedAvgM, FedNova and SCAFFOLD, 0.1 for
    /// FedAdagrad, 0.01 for FedAdam and FedYogi (Reddi et al. 2021). FedAvg and FedProx apply the mean as it is,
    /// which is η = 1.
    /// </summary>
    public static double ServerLearningRate(StrategyKind strategy) => strategy switch
    {
        StrategyKind.FedAdagrad => 0.1,
        StrategyKind.FedAdam or StrategyKind.FedYogi => 0.01,
        StrategyKind.FedAvg or StrategyKind.FedProx or StrategyKind.FedAvgM or StrategyKind.FedNova or StrategyKind.Scaffold => 1.0,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown strategy."),
    };

    /// <summary>Returns the server learning rate η of <paramref name="config"/>: its own value, or the strategy's default when it is null.</summary>
    public static double ServerLearningRate(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.ServerLearningRate ?? ServerLearningRate(config.Strategy);
    }

    /// <summary>Returns whether <paramref name="strategy"/> reads <see cref="ExperimentConfig.ServerLearningRate"/>; FedAvg and FedProx ignore it.</summary>
    public static bool UsesServerLearningRate(StrategyKind strategy) => strategy is not (StrategyKind.FedAvg or StrategyKind.FedProx);
}
