using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>
/// Combines the client updates of one round into one pseudo-gradient Δ, which the strategy then applies to the
/// global model. An update is a delta Δ_k = θ_k − θ from the round's global model θ.
/// </summary>
/// <remarks>
/// A round calls <see cref="Reset"/>, then <see cref="Add"/> or <see cref="AddRange"/> for the accepted updates
/// in sampled order, then <see cref="WriteResult"/>. The result must not depend on which thread trained which client.
/// </remarks>
internal abstract class UpdateAggregator
{
    /// <summary>Creates an aggregator for models of <paramref name="parameterCount"/> parameters.</summary>
    protected UpdateAggregator(int parameterCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        ParameterCount = parameterCount;
    }

    /// <summary>Updates added since the last <see cref="Reset"/>.</summary>
    public int Count { get; protected set; }

    /// <summary>Length P of every update and of the result.</summary>
    public int ParameterCount { get; }

    /// <summary>
    /// Creates the aggregation rule <see cref="ExperimentConfig.Aggregation"/> names, for models with
    /// <paramref name="parameterCount"/> parameters.
    /// </summary>
    /// <remarks>
    /// Mean is weighted by sample count, except under SCAFFOLD, whose paper averages the client deltas without
    /// weights. FedNova replaces the mean with its normalized average. Throws <see cref="ArgumentException"/> for
    /// a robust rule under FedNova or SCAFFOLD, which <see cref="ExperimentValidator"/> rejects.
    /// </remarks>
    public static UpdateAggregator Create(ExperimentConfig config, int parameterCount)
    {
        ArgumentNullException.ThrowIfNull(config);
        bool needsMean = config.Strategy is StrategyKind.FedNova or StrategyKind.Scaffold;
        if (needsMean && config.Aggregation != AggregationKind.Mean)
        {
            throw new ArgumentException(
                $"Strategy {ExperimentNames.Of(config.Strategy)} needs the mean aggregation, not {ExperimentNames.Of(config.Aggregation)}.",
                nameof(config));
        }

        return config.Aggregation switch
        {
            AggregationKind.Mean when config.Strategy == StrategyKind.FedNova =>
                new NormalizedMeanAggregator(parameterCount, config.Momentum),
            AggregationKind.Mean => new MeanAggregator(parameterCount, weighted: config.Strategy != StrategyKind.Scaffold),
            AggregationKind.Median => new MedianAggregator(parameterCount),
            AggregationKind.TrimmedMean => new TrimmedMeanAggregator(parameterCount, config.TrimFraction),
            AggregationKind.Krum => new KrumAggregator(parameterCount, config.AssumedAttackers, selected: 1),
            AggregationKind.MultiKrum => new KrumAggregator(parameterCount, config.AssumedAttackers, config.KrumSelected, multi: true),
            AggregationKind.Bulyan => new BulyanAggregator(parameterCount, config.AssumedAttackers),
            _ => throw new ArgumentException($"Aggregation {(int)config.Aggregation} is unknown.", nameof(config)),
        };
    }

    /// <summary>Starts a new round and discards the updates of the previous one.</summary>
    public abstract void Reset();

    /// <summary>
    /// Adds one client's update. <paramref name="delta"/> may be reused by the caller after the call returns, so
    /// a rule that needs every update at once copies it.
    /// </summary>
    /// <param name="delta">Δ_k = θ_k − θ, laid out like the parameters.</param>
    /// <param name="weight">The client's sample count n_k; positive.</param>
    /// <param name="localSteps">The client's local SGD steps τ_k this round.</param>
    /// <param name="parallelOptions">Degree of parallelism and cancellation for work over the parameters.</param>
    public abstract void Add(float[] delta, double weight, int localSteps, ParallelOptions parallelOptions);

    /// <summary>
    /// Adds several clients' updates in order, with the same result as one <see cref="Add"/> call per update.
    /// The caller may reuse the buffers after the call returns.
    /// </summary>
    /// <remarks>
    /// The streaming means override it to add every update in one pass over the parameters. Every update is
    /// checked before any is added, so an invalid argument leaves the aggregator unchanged.
    /// </remarks>
    public virtual void AddRange(
        ReadOnlySpan<float[]> deltas, ReadOnlySpan<double> weights, ReadOnlySpan<int> localSteps, ParallelOptions parallelOptions)
    {
        CheckUpdates(deltas, weights, localSteps);
        for (int k = 0; k < deltas.Length; k++)
        {
            Add(deltas[k], weights[k], localSteps[k], parallelOptions);
        }
    }

    /// <summary>Whether <see cref="AddTrainedModels"/> is available; the streaming mean's.</summary>
    public virtual bool AddsTrainedModels => false;

    /// <summary>
    /// Adds the deltas models[k] − <paramref name="global"/> in order, as <see cref="AddRange"/> would add them,
    /// without the caller forming them first. A model whose delta has a NaN or infinite value is left out and
    /// flagged in <paramref name="nonFinite"/>; the others are added.
    /// </summary>
    /// <remarks>Throws <see cref="NotSupportedException"/> unless <see cref="AddsTrainedModels"/> is true.</remarks>
    /// <param name="models">The clients' trained models θ_k, laid out like the parameters.</param>
    /// <param name="global">The round's global model θ.</param>
    /// <param name="weights">The clients' sample counts n_k; positive.</param>
    /// <param name="localSteps">The clients' local SGD steps τ_k this round.</param>
    /// <param name="nonFinite">Set to true for each model that was left out, false for the others.</param>
    /// <param name="parallelOptions">Degree of parallelism and cancellation for work over the parameters.</param>
    public virtual void AddTrainedModels(
        ReadOnlySpan<float[]> models,
        float[] global,
        ReadOnlySpan<double> weights,
        ReadOnlySpan<int> localSteps,
        Span<bool> nonFinite,
        ParallelOptions parallelOptions) =>
        throw new NotSupportedException($"{GetType().Name} adds deltas only; form each delta θ_k − θ and call AddRange.");

    /// <summary>
    /// Writes the pseudo-gradient of the updates added since <see cref="Reset"/>. Throws
    /// <see cref="AggregationException"/> when the rule cannot combine them, for example too few updates for the
    /// assumed attackers; the round then keeps its global model.
    /// </summary>
    public abstract void WriteResult(Span<float> pseudoGradient, ParallelOptions parallelOptions);

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="delta"/> has P values and <paramref name="weight"/> is finite and not negative.</summary>
    protected void CheckUpdate(float[] delta, double weight)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.Length != ParameterCount)
        {
            throw new ArgumentException($"The update has {delta.Length} values, but the model has {ParameterCount} parameters.", nameof(delta));
        }

        if (!(weight >= 0) || !double.IsFinite(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "The weight of an update must be a finite number, at least 0.");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the three lists have one entry per update and every update passes <see cref="CheckUpdate"/>.</summary>
    protected void CheckUpdates(ReadOnlySpan<float[]> deltas, ReadOnlySpan<double> weights, ReadOnlySpan<int> localSteps)
    {
        if (weights.Length != deltas.Length || localSteps.Length != deltas.Length)
        {
            throw new ArgumentException(
                $"{deltas.Length} updates came with {weights.Length} weights and {localSteps.Length} step counts; give one of each per update.",
                nameof(weights));
        }

        for (int k = 0; k < deltas.Length; k++)
        {
            CheckUpdate(deltas[k], weights[k]);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="pseudoGradient"/> has P values.</summary>
    protected void CheckResultLength(Span<float> pseudoGradient)
    {
        if (pseudoGradient.Length != ParameterCount)
        {
            throw new ArgumentException(
                $"The result buffer has {pseudoGradient.Length} values, but the model has {ParameterCount} parameters.", nameof(pseudoGradient));
        }
    }
}

/// <summary>Exception raised when the chosen rule cannot combine the updates of a round. Its message gives the reason for the user.</summary>
public sealed class AggregationException(string message) : Exception(message);
