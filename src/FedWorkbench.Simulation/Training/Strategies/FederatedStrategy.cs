using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Aggregation;
using FedWorkbench.Simulation.Training.Checkpoints;

namespace FedWorkbench.Simulation.Training.Strategies;

/// <summary>
/// The server's algorithm in a round that the engine owns: what each client trains with, how updates are
/// combined, and how the combination moves the global model. FedAvg is the base behaviour; each strategy
/// overrides what its paper changes.
/// </summary>
/// <remarks>
/// The round calls, in order: <see cref="ClientOptions"/> for each sampled client before training (any thread,
/// must not change state), <see cref="OnClientAccepted"/> for each accepted update in sampled order, then
/// <see cref="ApplyServerUpdate"/> with the aggregator's result when at least one update was aggregated, then
/// <see cref="EndRound"/>.
/// </remarks>
internal abstract class FederatedStrategy
{
    /// <summary>Creates the strategy <see cref="ExperimentConfig.Strategy"/> names for a model of <paramref name="parameterCount"/> parameters.</summary>
    /// <remarks>
    /// Hyperparameters come from <paramref name="config"/>, with <see cref="StrategyDefaults.ServerLearningRate(ExperimentConfig)"/>
    /// filling in a missing server learning rate. Throws <see cref="ArgumentException"/> for a combination that
    /// <see cref="ExperimentValidator"/> rejects, such as FedNova with a robust aggregation.
    /// </remarks>
    public static FederatedStrategy Create(ExperimentConfig config, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Strategy switch
        {
            StrategyKind.FedAvg => new FedAvgStrategy(config, parameterCount),
            StrategyKind.FedProx => new FedProxStrategy(config, parameterCount),
            StrategyKind.FedAvgM => new FedAvgMStrategy(config, parameterCount),
            StrategyKind.FedAdagrad => new FedAdagradStrategy(config, parameterCount),
            StrategyKind.FedAdam => new FedAdamStrategy(config, parameterCount),
            StrategyKind.FedYogi => new FedYogiStrategy(config, parameterCount),
            StrategyKind.FedNova => new FedNovaStrategy(config, parameterCount),
            StrategyKind.Scaffold => new ScaffoldStrategy(config, parameterCount),
            _ => throw new ArgumentException($"Strategy {(int)config.Strategy} is unknown.", nameof(config)),
        };
    }

    /// <summary>Combines the round's client deltas into the pseudo-gradient that <see cref="ApplyServerUpdate"/> receives.</summary>
    public abstract UpdateAggregator Aggregator { get; }

    /// <summary>Float32 vectors of model size sent to each sampled client besides the model (SCAFFOLD: the control variate c).</summary>
    public virtual int ExtraVectorsDown => 0;

    /// <summary>Float32 vectors of model size each reporting client sends besides its update (SCAFFOLD: Δc_i), never compressed.</summary>
    public virtual int ExtraVectorsUp => 0;

    /// <summary>What client <paramref name="client"/> adds to its local training this round; must not change state.</summary>
    public virtual ClientTrainingOptions ClientOptions(int client) => default;

    /// <summary>
    /// Whether <see cref="OnClientAccepted"/> reads the delta. When it does not, a plain round may skip forming
    /// each delta and let the aggregator subtract the global model itself.
    /// </summary>
    public virtual bool ReadsClientDeltas => false;

    /// <summary>
    /// Called for each accepted update, in sampled order, before it is aggregated, when <see cref="ReadsClientDeltas"/>
    /// is true.
    /// </summary>
    /// <param name="client">Client index.</param>
    /// <param name="delta">The client's delta Δ_k = θ_k − θ as the server received it.</param>
    /// <param name="localSteps">The client's local SGD steps τ_k.</param>
    /// <param name="learningRate">The client learning rate η_l.</param>
    public virtual void OnClientAccepted(int client, ReadOnlySpan<float> delta, int localSteps, float learningRate)
    {
    }

    /// <summary>Moves <paramref name="global"/> by the aggregated <paramref name="pseudoGradient"/>.</summary>
    public abstract void ApplyServerUpdate(Span<float> global, ReadOnlySpan<float> pseudoGradient);

    /// <summary>Called once at the end of each round, after the server update or after the model was kept.</summary>
    /// <param name="aggregatedClients">Updates that entered the aggregate this round.</param>
    public virtual void EndRound(int aggregatedClients)
    {
    }

    /// <summary>
    /// Creates the sections of the state this strategy carries from one round to the next, over its live arrays,
    /// so a checkpoint can save and restore them. Called once per run. FedAvg, FedProx and FedNova keep none.
    /// </summary>
    public virtual IReadOnlyList<StateSection> CreateStateSections() => [];

    /// <summary>Throws <see cref="ArgumentException"/> unless the model and the pseudo-gradient have the same length.</summary>
    protected static void CheckLengths(Span<float> global, ReadOnlySpan<float> pseudoGradient)
    {
        if (global.Length != pseudoGradient.Length)
        {
            throw new ArgumentException(
                $"The pseudo-gradient has {pseudoGradient.Length} values, but the model has {global.Length} parameters.", nameof(pseudoGradient));
        }
    }
}
