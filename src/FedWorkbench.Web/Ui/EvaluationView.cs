using System.Globalization;
using FedWorkbench.Data.Evaluation;

namespace FedWorkbench.Web.Ui;

/// <summary>One row of the per-class table, formatted for display.</summary>
/// <param name="Name">The class name.</param>
/// <param name="Support">Test samples of the class, with thousands separators.</param>
/// <param name="Precision">Precision as a percentage, or "n/a" when no sample is predicted as the class.</param>
/// <param name="Recall">Recall as a percentage, or "n/a" when the class has no test sample.</param>
/// <param name="F1Score">F1 score as a percentage, or "n/a" when the class neither occurs nor is predicted.</param>
public sealed record EvaluationClassRow(string Name, string Support, string Precision, string Recall, string F1Score);

/// <summary>
/// An <see cref="EvaluationReport"/> as the run page shows it: the totals, one table row per class, and the size and
/// labelling of the confusion-matrix heatmap.
/// </summary>
public sealed class EvaluationView
{
    /// <summary>Text shown for a figure that is undefined (NaN in the report).</summary>
    public const string Undefined = "n/a";

    /// <summary>
    /// Largest class count whose heatmap cells show their counts. Beyond it the cells of a chart about 600 pixels wide
    /// are under 30 pixels, which a judgement call deems too narrow for readable counts, so they show only on hover.
    /// </summary>
    public const int MaxClassesWithCellText = 20;

    // Heatmap height in pixels: room for the axis titles and labels plus a row height, within these bounds.
    private const int MinHeatmapHeight = 360;
    private const int MaxHeatmapHeight = 900;
    private const int HeatmapChromeHeight = 140;
    private const int HeatmapRowHeight = 36;

    private EvaluationView(EvaluationReport report)
    {
        Report = report;
        Rows = [.. report.Classes.Select(ToRow)];
        HeatmapHeight = Math.Clamp(HeatmapChromeHeight + (HeatmapRowHeight * report.ClassNames.Count), MinHeatmapHeight, MaxHeatmapHeight);
    }

    /// <summary>The report shown.</summary>
    public EvaluationReport Report { get; }

    /// <summary>One row per class, in label order.</summary>
    public IReadOnlyList<EvaluationClassRow> Rows { get; }

    /// <summary>Height of the confusion-matrix heatmap in pixels, growing with the class count.</summary>
    public int HeatmapHeight { get; }

    /// <summary>Whether the heatmap cells show their counts, which they do for at most <see cref="MaxClassesWithCellText"/> classes.</summary>
    public bool ShowsCellCounts => Report.ClassNames.Count <= MaxClassesWithCellText;

    /// <summary>The micro accuracy as a percentage.</summary>
    public string Accuracy => Percent(Report.Accuracy);

    /// <summary>The mean recall of the classes with test samples, as a percentage.</summary>
    public string MacroAccuracy => Percent(Report.MacroAccuracy);

    /// <summary>The mean log-loss with four significant digits.</summary>
    public string LogLoss => Number(Report.LogLoss);

    /// <summary>The log-loss reduction with four significant digits, or "n/a" when only one class occurs.</summary>
    public string LogLossReduction => Number(Report.LogLossReduction);

    /// <summary>The number of test samples, with thousands separators.</summary>
    public string SampleCount => RunDisplay.Count(Report.SampleCount);

    /// <summary>A sentence under the heatmap saying how to read it, and where its counts are.</summary>
    public string HeatmapCaption => ShowsCellCounts
        ? "Rows are the actual classes and columns the predicted ones; each cell counts the test samples."
        : $"Rows are the actual classes and columns the predicted ones. With more than {MaxClassesWithCellText} classes the counts show when you point at a cell.";

    /// <summary>Creates the view of <paramref name="report"/>.</summary>
    public static EvaluationView From(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new EvaluationView(report);
    }

    /// <summary>Returns a fraction in [0, 1] as a percentage with one decimal, or "n/a" for NaN.</summary>
    public static string Percent(double fraction) => double.IsNaN(fraction) ? Undefined : RunDisplay.Percent(fraction);

    /// <summary>Returns a figure with four significant digits, or "n/a" for NaN.</summary>
    public static string Number(double value) => double.IsNaN(value) ? Undefined : value.ToString("G4", CultureInfo.InvariantCulture);

    private static EvaluationClassRow ToRow(ClassEvaluation evaluation) => new(
        evaluation.Name,
        RunDisplay.Count(evaluation.Support),
        Percent(evaluation.Precision),
        Percent(evaluation.Recall),
        Percent(evaluation.F1Score));
}
