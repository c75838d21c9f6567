using System.Globalization;
using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// What the run page draws of a run's partition: a clients-by-labels heatmap capped at
/// <see cref="MaxHeatmapClients"/> rows, because a taller one is unreadable and slow to send, and the client sizes
/// for a histogram.
/// </summary>
public sealed class PartitionView
{
    /// <summary>Clients the heatmap shows at most, the first ones in client order.</summary>
    public const int MaxHeatmapClients = 100;

    /// <summary>Message over the partition charts while the engine has not split the data yet.</summary>
    public const string WaitingMessage = "Waiting for the data to be split over the clients…";

    /// <summary>Message over the partition charts of a run that ended without partition statistics.</summary>
    public const string NoPartitionMessage = "No partition statistics were stored for this run.";

    private PartitionView(PartitionStatistics statistics)
    {
        Statistics = statistics;
        HeatmapClients = Math.Min(statistics.LabelCounts.Length, MaxHeatmapClients);
    }

    /// <summary>The statistics drawn.</summary>
    public PartitionStatistics Statistics { get; }

    /// <summary>Clients in the partition.</summary>
    public int ClientCount => Statistics.ClientSizes.Length;

    /// <summary>Rows of the heatmap: the first <see cref="MaxHeatmapClients"/> clients, or all when there are fewer.</summary>
    public int HeatmapClients { get; }

    /// <summary>Label counts of the clients the heatmap shows: element [client][label].</summary>
    public IEnumerable<int[]> HeatmapRows => Statistics.LabelCounts.Take(HeatmapClients);

    /// <summary>
    /// Row names of the heatmap: the clients' own names when the data gives them (the owners under the natural
    /// partition), otherwise "Client 1" for the first client.
    /// </summary>
    public IEnumerable<string> HeatmapClientNames => Statistics.ClientNames is { } names && names.Count == ClientCount
        ? names.Take(HeatmapClients)
        : Enumerable.Range(1, HeatmapClients).Select(client => string.Create(CultureInfo.InvariantCulture, $"Client {client:N0}"));

    /// <summary>
    /// Column names of the heatmap: the class names, such as "Trouser", or "0" to "C − 1" for statistics stored
    /// without them.
    /// </summary>
    public IEnumerable<string> LabelNames => Statistics.ClassNames is { } names && names.Count == Statistics.ClassCount
        ? names
        : Enumerable.Range(0, Statistics.ClassCount).Select(label => label.ToString(CultureInfo.InvariantCulture));

    /// <summary>Note under the heatmap when it leaves clients out, or null when it shows them all.</summary>
    public string? CapNote => ClientCount > HeatmapClients
        ? string.Create(CultureInfo.InvariantCulture, $"The heatmap shows the first {HeatmapClients:N0} of {ClientCount:N0} clients; the histogram counts them all.")
        : null;

    /// <summary>
    /// The size of every client when all clients have the same number of training samples, as under IID or shards,
    /// otherwise null. The histogram then has one bar, and its axis shows only this value.
    /// </summary>
    public int? CommonClientSize
    {
        get
        {
            int[] sizes = Statistics.ClientSizes;
            return sizes.Length > 0 && sizes.Min() == sizes.Max() ? sizes[0] : null;
        }
    }

    /// <summary><see cref="CommonClientSize"/> with thousands separators, the one tick label of the histogram's axis.</summary>
    public string? CommonClientSizeLabel =>
        CommonClientSize is int size ? size.ToString("N0", CultureInfo.InvariantCulture) : null;

    /// <summary>One line on the client sizes and label skew, for example "10 clients with 580 to 620 training samples (mean 600.0); label skew 0.031".</summary>
    public string Summary
    {
        get
        {
            int[] sizes = Statistics.ClientSizes;
            if (sizes.Length == 0)
            {
                return "No clients.";
            }

            int smallest = sizes.Min();
            int largest = sizes.Max();
            string sizeText = smallest == largest
                ? string.Create(CultureInfo.InvariantCulture, $"{smallest:N0} training samples each")
                : string.Create(CultureInfo.InvariantCulture, $"{smallest:N0} to {largest:N0} training samples (mean {sizes.Average():N1})");
            return string.Create(CultureInfo.InvariantCulture, $"{sizes.Length:N0} clients with {sizeText}; label skew {Statistics.LabelSkew:0.000}.");
        }
    }

    /// <summary>Returns the view of <paramref name="statistics"/>.</summary>
    public static PartitionView From(PartitionStatistics statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        return new PartitionView(statistics);
    }

    /// <summary>
    /// Returns the message over the partition charts, or null when <paramref name="hasPartition"/> is true and
    /// the charts have something to show.
    /// </summary>
    public static string? EmptyMessage(RunStatus status, bool hasPartition) => hasPartition switch
    {
        true => null,
        _ when RunDisplay.IsActive(status) => WaitingMessage,
        _ => NoPartitionMessage,
    };
}
