using System.Globalization;
using FedWorkbench.Cli.Output;
using FedWorkbench.Data;
using FedWorkbench.Data.Evaluation;
using FedWorkbench.Data.Onnx;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Cli.Commands;

/// <summary>
/// The files that <c>fedwb run</c> writes after the last round: the final model as ONNX (<c>--export-model</c>) and
/// its evaluation report as JSON (<c>--report</c>). Each file is written to a temporary name next to it and then
/// renamed, so a failed write leaves no partial file.
/// </summary>
internal static class RunArtifacts
{
    /// <summary>
    /// Returns a message when <paramref name="path"/>, given as <paramref name="option"/>, cannot be written: its
    /// folder does not exist or it names a folder. Checked before the run, so that the run is not wasted.
    /// </summary>
    public static string? CheckPath(string option, string? path)
    {
        if (path is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            return $"{option}: the file name is empty; give a path such as {(option == "--report" ? "report.json" : "model.onnx")}.";
        }

        if (Directory.Exists(path))
        {
            return $"{option}: '{path}' is a folder; give a file path.";
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        if (!Directory.Exists(folder))
        {
            return $"{option}: the folder '{folder}' does not exist; create it or choose another path.";
        }

        // A file created and deleted now shows that the folder takes new files, so the run is not spent first.
        try
        {
            using var probe = new FileStream(TemporaryPath(path), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{option}: cannot write a file in the folder '{folder}'; choose another path.";
        }

        return null;
    }

    /// <summary>Returns a message when --export-model and --report name the same file, or null.</summary>
    public static string? CheckDistinct(string? modelPath, string? reportPath) =>
        modelPath is not null && reportPath is not null && Path.GetFullPath(modelPath) == Path.GetFullPath(reportPath)
            ? $"--report: '{reportPath}' is also the --export-model file; give the report another name, such as report.json."
            : null;

    /// <summary>
    /// Writes <paramref name="model"/> as ONNX to <paramref name="path"/>. A model trained on a CSV file gets its feature
    /// names and one input per raw column, so that rows of the file can be scored without FedWorkbench.
    /// </summary>
    public static void WriteModel(string path, TrainedModel model, TabularDataset? table) =>
        WriteAtomically(path, stream => OnnxModelWriter.Write(
            model, stream, new OnnxExportOptions { FeatureNames = table?.FeatureNames, FeatureRecipes = table?.FeatureRecipes }));

    /// <summary>Writes <paramref name="report"/> as JSON to <paramref name="path"/>.</summary>
    public static void WriteReport(string path, EvaluationReport report) =>
        WriteAtomically(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(report.ToJson());
        });

    /// <summary>Describes the report in readable lines: the totals, then precision and recall per class.</summary>
    public static IEnumerable<string> Describe(EvaluationReport report)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"Evaluation on {Plural.Count(report.SampleCount, "test sample")}: accuracy {report.Accuracy * 100:F2}%, " +
            $"macro accuracy {report.MacroAccuracy * 100:F2}%, log-loss {report.LogLoss:F4}");
        int width = Math.Min(24, report.Classes.Max(c => c.Name.Length));
        foreach (ClassEvaluation evaluation in report.Classes)
        {
            string name = evaluation.Name.Length > width ? evaluation.Name[..(width - 1)] + "…" : evaluation.Name.PadRight(width);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  {name}  precision {Percent(evaluation.Precision)}  recall {Percent(evaluation.Recall)}  support {evaluation.Support:N0}");
        }
    }

    /// <summary>Creates the report of <paramref name="model"/> on the test split of <paramref name="dataset"/>.</summary>
    public static EvaluationReport Evaluate(TrainedModel model, Dataset dataset) => EvaluationReport.Create(model, dataset.Test);

    private static string Percent(double value) =>
        double.IsNaN(value) ? "   n/a" : string.Create(CultureInfo.InvariantCulture, $"{value * 100:F1}%").PadLeft(6);

    private static string TemporaryPath(string path)
    {
        string full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>
    /// Writes the whole file under a temporary name first. A new file is then renamed into place. An existing one is
    /// overwritten in place, because a rename would replace whatever it is, such as a device like /dev/null.
    /// </summary>
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = TemporaryPath(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
            }

            if (File.Exists(full))
            {
                File.Copy(temporary, full, overwrite: true);
            }
            else
            {
                File.Move(temporary, full);
            }
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
