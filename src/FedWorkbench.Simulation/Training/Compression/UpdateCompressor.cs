using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training.Compression;

/// <summary>
/// Uplink compression of a client delta: replaces the delta by what the server decodes and counts the encoded
/// bytes. Calls for different clients may run on different threads at once.
/// </summary>
internal abstract class UpdateCompressor
{
    /// <summary>Creates the scheme <see cref="ExperimentConfig.Compression"/> names.</summary>
    public static UpdateCompressor Create(ExperimentConfig config, int parameterCount, int clientCount) =>
        throw new NotImplementedException("TODO: client helper");

    /// <summary>
    /// Compresses <paramref name="delta"/> in place into the values the server decodes and returns the encoded
    /// size in bytes. Deterministic for a given seed, round and client.
    /// </summary>
    public abstract long Compress(Span<float> delta, int seed, int round, int client);
}
