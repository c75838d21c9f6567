using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>The download of a run's final model as ONNX, which the run page links to and the API serves.</summary>
public static class RunModelFile
{
    /// <summary>MIME type of the file. ONNX has no registered media type.</summary>
    public const string ContentType = "application/octet-stream";

    /// <summary>Returns the API path of the model of run <paramref name="runId"/>, relative to the app's base address.</summary>
    public static string PathFor(Guid runId) => $"api/runs/{runId}/model.onnx";

    /// <summary>
    /// Returns a file name derived from the run name, for example "iid-baseline.onnx", or one with the run id when the
    /// name has no letters or digits.
    /// </summary>
    public static string FileNameFor(RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return $"{FileNameStem.From(run.Name, $"run-{run.Id}")}.onnx";
    }
}
