namespace FedWorkbench.Web.Storage;

/// <summary>
/// The partition statistics of one run, stored as JSON in a table of their own, so that listing runs never
/// reads them. At 10,000 clients and 10 labels the JSON is an estimated 0.3 to 0.5 MB.
/// </summary>
public sealed class RunPartitionEntity
{
    /// <summary>Primary key, and foreign key of the run.</summary>
    public Guid RunId { get; set; }

    /// <summary>The run these statistics belong to.</summary>
    public RunEntity Run { get; set; } = null!;

    /// <summary>The serialized <see cref="Simulation.Partitioning.PartitionStatistics"/>.</summary>
    public string StatisticsJson { get; set; } = string.Empty;
}
