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
    public static int[] Sample(int seed, int round, int clients, double clientFraction) =>
        Sample(seed, round, clients, ClientsPerRound(clients, clientFraction));

    /// <summary>
    /// Samples <paramref name="count"/> distinct clients uniformly without replacement with
    /// <c>SeededRandom(seed, RandomStreams.ClientSampling, round)</c> and returns them in ascending order.
    /// </summary>
    /// <remarks>
    /// The first m clients drawn do not depend on <paramref name="count"/>, so with <paramref name="count"/> = m
    /// this is the same draw as <see cref="Sample(int, int, int, double)"/>, and an over-selected draw contains it.
    /// </remarks>
    public static int[] Sample(int seed, int round, int clients, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, clients);

        // Partial Fisher–Yates over the virtual array candidates[i] = i: after step i, candidates[0..i] is a
        // uniform sample without replacement. Only the positions a swap touched are stored, so memory grows
        // with count, not with the number of clients.
        var swapped = new Dictionary<int, int>(2 * count);
        var sampled = new int[count];
        var random = new SeededRandom(seed, RandomStreams.ClientSampling, round);
        for (int i = 0; i < count; i++)
        {
            int j = i + random.NextInt(clients - i);
            int atI = swapped.GetValueOrDefault(i, i);
            int atJ = swapped.GetValueOrDefault(j, j);
            swapped[j] = atI;
            sampled[i] = atJ;
        }

        Array.Sort(sampled);
        return sampled;
    }

    /// <summary>
    /// Samples each client independently with probability <paramref name="clientFraction"/> (Poisson sampling):
    /// client k takes part in round r when <c>SeededRandom(seed, RandomStreams.PoissonSampling, r, k)</c> draws a
    /// uniform value below C. Returns the sampled clients in ascending order, possibly none.
    /// </summary>
    public static int[] SamplePoisson(int seed, int round, int clients, double clientFraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clients);
        var sampled = new List<int>();
        for (int client = 0; client < clients; client++)
        {
            var random = new SeededRandom(seed, RandomStreams.PoissonSampling, round, client);
            if (random.NextDouble() < clientFraction)
            {
                sampled.Add(client);
            }
        }

        return [.. sampled];
    }

    /// <summary>
    /// Returns s = min(K, ⌈m·(1 + o)⌉), the clients selected per round when the server over-selects by the
    /// fraction o and awaits the first m of them (Bonawitz et al. 2019). o = 0 gives s = m.
    /// </summary>
    public static int ClientsSelected(int clients, int clientsPerRound, double overSelection)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clientsPerRound);
        ArgumentOutOfRangeException.ThrowIfNegative(overSelection);
        double product = clientsPerRound * (1 + overSelection);
        double selected = Math.Ceiling(product - FloorTolerance);
        return (int)Math.Min(clients, Math.Max(clientsPerRound, selected));
    }
}
