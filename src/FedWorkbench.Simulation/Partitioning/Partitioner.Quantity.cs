using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Partitioning;

public static partial class Partitioner
{
    /// <summary>
    /// Quantity skew: IID labels with unequal client sizes. Size proportions come from Dirichlet(α) over the K clients,
    /// as in NIID-Bench (Li et al. 2022), or from K Pareto draws with shape a (power law). Every client first gets
    /// the minimum client size m, and the other N − K·m samples are shared in those proportions.
    /// </summary>
    /// <remarks>
    /// NIID-Bench instead draws the proportions again until every client has at least 10 samples. Granting the
    /// minimum first never needs a second draw. Client k then gets m + (N − K·m)·p_k samples instead of N·p_k.
    /// </remarks>
    private static int[][] SplitQuantity(ExperimentConfig config, int sampleCount, ref SeededRandom random)
    {
        int clientCount = config.Clients;
        int minClientSize = config.MinClientSize;

        if (minClientSize < 1)
        {
            throw new ExperimentException($"Minimum client size {minClientSize} must be at least 1, so that no client is empty.");
        }

        if ((long)clientCount * minClientSize > sampleCount)
        {
            throw new ExperimentException(
                $"The quantity partition cannot give each of the {Number(clientCount)} clients at least " +
                $"{Number(minClientSize)} {Samples(minClientSize)}, because {Number(clientCount)} × {Number(minClientSize)} = " +
                $"{Number((long)clientCount * minClientSize)} exceeds the {Number(sampleCount)} training samples. " +
                "Use fewer clients or a smaller minimum client size.");
        }

        double[] logWeights = DrawLogSizeWeights(config, ref random);
        int[] sizes = ShareProportionally(logWeights, sampleCount - clientCount * minClientSize);

        int[] order = Enumerable.Range(0, sampleCount).ToArray();
        random.Shuffle(order.AsSpan());

        var clientIndices = new int[clientCount][];
        int start = 0;
        for (int client = 0; client < clientCount; client++)
        {
            int size = minClientSize + sizes[client];
            clientIndices[client] = order.AsSpan(start, size).ToArray();
            start += size;
        }

        return clientIndices;
    }

    /// <summary>Draws the logarithm of each client's unnormalized size weight from the configured distribution.</summary>
    private static double[] DrawLogSizeWeights(ExperimentConfig config, ref SeededRandom random)
    {
        var logWeights = new double[config.Clients];
        switch (config.QuantitySkew)
        {
            case QuantitySkewKind.Dirichlet:
                double alpha = config.QuantityAlpha;
                if (!(alpha >= ExperimentLimits.MinDirichletAlpha && alpha <= ExperimentLimits.MaxDirichletAlpha))
                {
                    throw new ExperimentException(
                        $"Quantity α {Format(alpha)} is outside [{Format(ExperimentLimits.MinDirichletAlpha)}, " +
                        $"{Format(ExperimentLimits.MaxDirichletAlpha)}]; smaller values give more unequal client sizes.");
                }

                // Normalized Gamma(α, 1) draws are Dirichlet(α, …, α) proportions.
                for (int client = 0; client < logWeights.Length; client++)
                {
                    logWeights[client] = GammaSampler.NextLogGamma(ref random, alpha);
                }

                break;

            case QuantitySkewKind.PowerLaw:
                double shape = config.PowerLawExponent;
                if (!(shape >= ExperimentLimits.MinPowerLawExponent && shape <= ExperimentLimits.MaxPowerLawExponent))
                {
                    throw new ExperimentException(
                        $"Power-law exponent {Format(shape)} is outside [{Format(ExperimentLimits.MinPowerLawExponent)}, " +
                        $"{Format(ExperimentLimits.MaxPowerLawExponent)}]; smaller values give more unequal client sizes.");
                }

                // Pareto(x_m = 1, a) by inversion: X = U^(−1/a) for U uniform in (0, 1], so ln X = −ln(U)/a. Logs keep
                // a small a from overflowing.
                for (int client = 0; client < logWeights.Length; client++)
                {
                    double u = 1.0 - random.NextDouble();
                    logWeights[client] = -Math.Log(u) / shape;
                }

                break;

            default:
                throw new ExperimentException(
                    $"Quantity skew {(int)config.QuantitySkew} is unknown; choose one of {string.Join(", ", ExperimentNames.All<QuantitySkewKind>())}.");
        }

        return logWeights;
    }

    /// <summary>
    /// Splits <paramref name="total"/> items in proportion to exp(<paramref name="logWeights"/>), rounding by the
    /// largest remainder so that the shares sum to <paramref name="total"/> exactly. Ties go to the lower client.
    /// </summary>
    private static int[] ShareProportionally(double[] logWeights, int total)
    {
        double maxLog = logWeights.Max();
        double[] weights = logWeights.Select(logWeight => Math.Exp(logWeight - maxLog)).ToArray();
        double sum = weights.Sum();

        var shares = new int[weights.Length];
        var remainders = new double[weights.Length];
        long assigned = 0;
        for (int client = 0; client < weights.Length; client++)
        {
            double exact = total * (weights[client] / sum);
            shares[client] = (int)Math.Floor(exact);
            remainders[client] = exact - shares[client];
            assigned += shares[client];
        }

        // The floors lose less than one item per client, so fewer than K items are left to hand out.
        int[] byRemainder = Enumerable.Range(0, weights.Length).OrderByDescending(client => remainders[client]).ThenBy(client => client).ToArray();
        long left = total - assigned;
        for (int i = 0; left > 0; i = (i + 1) % byRemainder.Length, left--)
        {
            shares[byRemainder[i]]++;
        }

        return shares;
    }
}
