namespace FedWorkbench.Web.Storage;

/// <summary>
/// The global model of a run after its last round, one row per completed run, stored with its evaluation report
/// so that the run page can show the report and offer the model as ONNX.
/// </summary>
public sealed class RunModelEntity
{
    /// <summary>Primary key, and foreign key of the run.</summary>
    public Guid RunId { get; set; }

    /// <summary>The run this model belongs to.</summary>
    public RunEntity Run { get; set; } = null!;

    /// <summary>Layer widths from input to classes, separated by '-', for example "784-200-200-10".</summary>
    public string Widths { get; set; } = string.Empty;

    /// <summary>Class names indexed by label, as a JSON array.</summary>
    public string ClassNamesJson { get; set; } = "[]";

    /// <summary>Feature names in feature order as a JSON array, or null when the dataset has none (images).</summary>
    public string? FeatureNamesJson { get; set; }

    /// <summary>
    /// How each feature is made from a raw CSV row (<see cref="Data.FeatureRecipe"/>) as a JSON array, or null for images
    /// and for models stored before it was kept. The ONNX export reads it, so a model keeps its raw-column inputs after
    /// its file leaves the table store.
    /// </summary>
    public string? FeatureRecipesJson { get; set; }

    /// <summary>The parameter vector as little-endian float32 values.</summary>
    public byte[] Parameters { get; set; } = [];

    /// <summary>
    /// The evaluation report of the model on the test set as JSON
    /// (<see cref="Data.Evaluation.EvaluationReport.ToJson"/>), or null when it could not be computed.
    /// </summary>
    public string? EvaluationJson { get; set; }

    /// <summary>Why the evaluation report is missing, or null.</summary>
    public string? EvaluationError { get; set; }

    /// <summary>When the model was stored.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
