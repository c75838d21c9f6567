namespace FedWorkbench.Simulation.Privacy.SecureAggregation;

/// <summary>
/// A simulation of pairwise-masking secure aggregation (Bonawitz et al. 2017, "Practical Secure Aggregation for
/// Privacy-Preserving Machine Learning"): fixed-point encoding in the ring of 32-bit integers, pairwise masks from
/// seeded key agreement that cancel in the sum, self masks, and threshold secret sharing that lets the server
/// remove the masks of clients that dropped out.
/// </summary>
internal sealed class SecureAggregationProtocol
{
    /// <summary>Creates the protocol for vectors of <paramref name="length"/> values.</summary>
    /// <param name="seed">Experiment seed; every key, mask and polynomial is drawn from it.</param>
    /// <param name="length">Values per client vector.</param>
    /// <param name="threshold">Fraction of the selected clients that must report for the sum to be unmasked, in (0, 1].</param>
    public SecureAggregationProtocol(int seed, int length, double threshold) =>
        throw new NotImplementedException("TODO: secure aggregation helper");

    /// <summary>
    /// Runs one round. Every client in <paramref name="selected"/> took part in key agreement and secret sharing;
    /// the clients in <paramref name="reported"/> (a subset, in selection order) send their masked vectors. Each
    /// value is encoded in fixed point so that the sum of up to |selected| values within ±<paramref name="bound"/>
    /// cannot wrap around. Returns the unmasked, decoded sum. Throws <see cref="SecureAggregationException"/> when
    /// fewer clients reported than the threshold needs.
    /// </summary>
    public SecureAggregationResult Aggregate(int round, IReadOnlyList<int> selected, IReadOnlyList<(int Client, float[] Values)> reported, double bound) =>
        throw new NotImplementedException("TODO: secure aggregation helper");
}

/// <summary>The outcome of one secure-aggregation round.</summary>
/// <param name="Sum">The decoded sum of the reported vectors, exact up to the fixed-point rounding of each value.</param>
/// <param name="QuantizationStep">The fixed-point step 1/scale: each encoded value is within half a step of the real one.</param>
/// <param name="BytesUp">Bytes the clients sent for the protocol: public keys, encrypted shares, masked vectors and unmasking shares.</param>
/// <param name="BytesDown">Bytes the server relayed to the clients: public keys, shares, and the list of survivors.</param>
/// <param name="Sample">The first coordinates of the first reported vector, real and as the server received it.</param>
internal sealed record SecureAggregationResult(double[] Sum, double QuantizationStep, long BytesUp, long BytesDown, MaskedUpdateSample Sample);

/// <summary>Secure aggregation cannot finish the round; the message says why, for the user.</summary>
public sealed class SecureAggregationException(string message) : Exception(message);
