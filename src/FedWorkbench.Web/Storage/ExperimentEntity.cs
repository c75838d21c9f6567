namespace FedWorkbench.Web.Storage;

/// <summary>A stored experiment: the configuration a run was launched with.</summary>
public sealed class ExperimentEntity
{
    /// <summary>Primary key.</summary>
    public Guid Id { get; set; }

    /// <summary>Experiment name from the configuration; null when it had none.</summary>
    public string? Name { get; set; }

    /// <summary>The configuration in the experiment file format written by <c>ExperimentJson.Serialize</c>.</summary>
    public string ConfigJson { get; set; } = string.Empty;

    /// <summary>When the experiment was stored.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Runs of this experiment.</summary>
    public List<RunEntity> Runs { get; set; } = [];
}
