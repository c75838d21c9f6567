namespace FedWorkbench.Simulation.Partitioning;

/// <summary>
/// The training samples of each client, as index arrays into the training split. Every client holds at
/// least one sample and no sample belongs to two clients.
/// </summary>
public sealed class ClientPartition
{
    private readonly int[][] _clientIndices;
    private readonly int[][]? _heldOutIndices;

    /// <summary>Creates a partition from one index array per client, with optional held-out indices per client.</summary>
    /// <param name="clientIndices">Training sample indices of each client.</param>
    /// <param name="heldOutIndices">
    /// Indices into the same training split that each client keeps out of training to measure its own accuracy;
    /// null when no client has any. Must have one array per client when given.
    /// </param>
    public ClientPartition(int[][] clientIndices, int[][]? heldOutIndices = null)
    {
        ArgumentNullException.ThrowIfNull(clientIndices);
        if (heldOutIndices is not null && heldOutIndices.Length != clientIndices.Length)
        {
            throw new ArgumentException($"Got held-out indices for {heldOutIndices.Length} clients but training indices for {clientIndices.Length}.", nameof(heldOutIndices));
        }

        _clientIndices = clientIndices;
        _heldOutIndices = heldOutIndices;
    }

    /// <summary>Held-out sample indices of client <paramref name="client"/>: empty when it has none.</summary>
    public ReadOnlySpan<int> HeldOutOf(int client) => _heldOutIndices is null ? [] : _heldOutIndices[client];

    /// <summary>Number of clients.</summary>
    public int ClientCount => _clientIndices.Length;

    /// <summary>Training sample indices of client <paramref name="client"/>.</summary>
    public ReadOnlySpan<int> IndicesOf(int client) => _clientIndices[client];

    /// <summary>Number of training samples client <paramref name="client"/> holds.</summary>
    public int SizeOf(int client) => _clientIndices[client].Length;

    /// <summary>
    /// Counts each client's training samples per class: element [client][label]. Rows are the per-client label
    /// histograms that partition heatmaps show.
    /// </summary>
    /// <param name="labels">Labels of the training split this partition indexes into.</param>
    /// <param name="classCount">Number of classes; every label must be below it.</param>
    public int[][] CountLabels(ReadOnlySpan<byte> labels, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        var counts = new int[ClientCount][];
        for (int client = 0; client < ClientCount; client++)
        {
            int[] row = new int[classCount];
            foreach (int index in _clientIndices[client])
            {
                row[labels[index]]++;
            }

            counts[client] = row;
        }

        return counts;
    }

    /// <summary>
    /// Computes the label skew of the partition: the mean, over clients, of the total variation distance
    /// ½·Σ_c |p_client(c) − p(c)| between a client's label distribution and that of all partitioned samples.
    /// </summary>
    /// <remarks>
    /// 0 means every client has the overall label mix; values near 1 mean clients hold classes that are rare
    /// overall. An IID partition of small clients is above 0 from sampling noise alone.
    /// </remarks>
    /// <param name="labels">Labels of the training split this partition indexes into.</param>
    /// <param name="classCount">Number of classes; every label must be below it.</param>
    public double LabelSkew(ReadOnlySpan<byte> labels, int classCount)
    {
        int[][] counts = CountLabels(labels, classCount);
        double[] overall = new double[classCount];
        long total = 0;
        foreach (int[] row in counts)
        {
            for (int label = 0; label < classCount; label++)
            {
                overall[label] += row[label];
                total += row[label];
            }
        }

        if (total == 0)
        {
            return 0;
        }

        for (int label = 0; label < classCount; label++)
        {
            overall[label] /= total;
        }

        double sumOfDistances = 0;
        int clientsWithSamples = 0;
        foreach (int[] row in counts)
        {
            int size = row.Sum();
            if (size == 0)
            {
                continue;
            }

            double distance = 0;
            for (int label = 0; label < classCount; label++)
            {
                distance += Math.Abs((double)row[label] / size - overall[label]);
            }

            sumOfDistances += 0.5 * distance;
            clientsWithSamples++;
        }

        return clientsWithSamples == 0 ? 0 : sumOfDistances / clientsWithSamples;
    }
}
