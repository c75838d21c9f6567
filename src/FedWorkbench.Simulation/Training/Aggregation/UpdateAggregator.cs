using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training.Aggregation;

/// <summary>
/// Combines the client updates of one round into one pseudo-gradient Δ, which the strategy then applies to the
/// global model. An update is a delta Δ_k = θ_k − θ from the round's global model θ.
/// </summary>
/// <remarks>
/// A round calls <see cref="Reset"/>, then <see cref="Add"/> once per accepted update in sampled order, then
/// <see cref="WriteResult"/>. The result must not depend on which thread trained which client.
/// </remarks>
internal abstract class UpdateAggregator
{
    /// <summary>Updates added since the last <see cref="Reset"/>.</summary>
    public int Count { get; protected set; }

    /// <summary>
    /// Creates the aggregation rule <see cref="ExperimentConfig.Aggregation"/> names, for models with
    /// <paramref name="parameterCount"/> parameters.
    /// </summary>
    public static UpdateAggregator Create(ExperimentConfig config, int parameterCount) =>
        throw new NotImplementedException("TODO: strategy helper");

    /// <summary>Starts a new round and forgets the updates of the previous one.</summary>
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
    /// Writes the pseudo-gradient of the updates added since <see cref="Reset"/>. Throws
    /// <see cref="AggregationException"/> when the rule cannot combine them, for example too few updates for the
    /// assumed attackers; the round then keeps its global model.
    /// </summary>
    public abstract void WriteResult(Span<float> pseudoGradient, ParallelOptions parallelOptions);
}

/// <summary>The updates of a round cannot be combined by the chosen rule; the message says why, for the user.</summary>
public sealed class AggregationException(string message) : Exception(message);
