using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Training.Systems;

/// <summary>Whether a sampled client fails to report, independently per client and round.</summary>
internal static class ClientReliability
{
    /// <summary>
    /// Returns true when <paramref name="client"/> drops out of <paramref name="round"/>: the first draw of
    /// <c>SeededRandom(seed, RandomStreams.Dropout, round, client)</c> is below <paramref name="probability"/>.
    /// </summary>
    public static bool DropsOut(int seed, int round, int client, double probability) =>
        probability > 0 && new SeededRandom(seed, RandomStreams.Dropout, round, client).NextDouble() < probability;
}
