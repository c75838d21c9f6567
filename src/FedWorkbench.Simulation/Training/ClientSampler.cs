using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Training;

/// <summary>Chooses the clients that train in a round.</summary>
public static class ClientSampler
{
    // C·K is computed in float64, where for example 0.29 · 100 gives 28.999999999999996. The tolerance keeps
    // such products from rounding down a whole client.
    private const double FloorTolerance = 1e-9;

    /// <summary>
    /// Returns m = max(1, ⌊C·K⌋), the number of clients sampled per round, as in FedAvg (McMahan et al. 2017).
    /// The floor allows a tolerance of 1e-9 so that a product that is an integer on paper is not rounded down.
    /// </summary>
    public static int ClientsPerRound(int clients, double clientFraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clients);
        double product = clientFraction * clients;
        int count = (int)Math.Floor(product + FloorTolerance);
        return Math.Clamp(count, 1, clients);
    }

    /// <summary>
    /// Samples <see cref="ClientsPerRound"/> distinct clients uniformly without replacement with
    /// <c>SeededRandom(seed, RandomStreams.ClientSampling, round)</c> and returns them in ascending order.
    /// </summary>
    public static int[] Sample(int seed, int round, int clients, double clientFraction)
    {
        int count = ClientsPerRound(clients, clientFraction);
        var candidates = new int[clients];
        for (int i = 0; i < clients; i++)
        {
            candidates[i] = i;
        }

        // Partial Fisher–Yates: after step i, candidates[0..i] is a uniform sample without replacement.
        var random = new SeededRandom(seed, RandomStreams.ClientSampling, round);
        for (int i = 0; i < count; i++)
        {
            int j = i + random.NextInt(clients - i);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
        }

        int[] sampled = candidates[..count];
        Array.Sort(sampled);
        return sampled;
    }
}
