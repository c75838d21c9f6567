namespace FedWorkbench.Simulation.Partitioning;

/// <summary>
/// How a run's training data is spread over its clients: each client's training size, held-out size and label
/// histogram. The run page draws the label counts as a clients-by-labels heatmap and the sizes as a histogram.
/// </summary>
/// <param name="ClassCount">Number of labels; every row of <paramref name="LabelCounts"/> has this length.</param>
/// <param name="ClientSizes">Training samples of each client, in client order.</param>
/// <param name="HeldOutSizes">Held-out samples of each client, in client order; all 0 when per-client accuracy is off.</param>
/// <param name="LabelCounts">Training samples of each client per label: element [client][label].</param>
/// <param name="LabelSkew">Mean total variation distance between a client's label mix and the overall one; see <see cref="ClientPartition.LabelSkew"/>.</param>
/// <param name="ClassNames">Name of each label, such as "Trouser" or "home"; null in statistics stored before names were kept.</param>
/// <param name="ClientNames">
/// Name of each client when the data gives one, such as each client's owner under the natural partition. Null when
/// clients are known only by their number.
/// </param>
public sealed record PartitionStatistics(
    int ClassCount,
    int[] ClientSizes,
    int[] HeldOutSizes,
    int[][] LabelCounts,
    double LabelSkew,
    IReadOnlyList<string>? ClassNames = null,
    IReadOnlyList<string>? ClientNames = null)
{
    /// <summary>Computes the statistics of <paramref name="partition"/> over a training split with <paramref name="labels"/>.</summary>
    /// <param name="classNames">Name of each label, or null.</param>
    /// <param name="clientNames">Name of each client in client order, or null when clients have no names.</param>
    public static PartitionStatistics Compute(
        ClientPartition partition,
        ReadOnlySpan<byte> labels,
        int classCount,
        IReadOnlyList<string>? classNames = null,
        IReadOnlyList<string>? clientNames = null)
    {
        ArgumentNullException.ThrowIfNull(partition);
        int clients = partition.ClientCount;
        var sizes = new int[clients];
        var heldOut = new int[clients];
        for (int client = 0; client < clients; client++)
        {
            sizes[client] = partition.SizeOf(client);
            heldOut[client] = partition.HeldOutOf(client).Length;
        }

        if (classNames is not null && classNames.Count != classCount)
        {
            throw new ArgumentException($"{classNames.Count} class names were given for {classCount} classes.", nameof(classNames));
        }

        if (clientNames is not null && clientNames.Count != clients)
        {
            throw new ArgumentException($"{clientNames.Count} client names were given for {clients} clients.", nameof(clientNames));
        }

        return new PartitionStatistics(
            classCount, sizes, heldOut, partition.CountLabels(labels, classCount), partition.LabelSkew(labels, classCount), classNames, clientNames);
    }
}
