namespace FedWorkbench.Web.Ui;

/// <summary>Line colors of the compared runs, one per run up to <see cref="RunComparisonLimits.MaxRuns"/>.</summary>
public static class RunComparisonPalette
{
    // Tableau 10's first eight colors, chosen to stay distinct from one another on a white background.
    private static readonly string[] Colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7"];

    /// <summary>Returns the color of the run at <paramref name="index"/>; colors repeat after eight runs.</summary>
    public static string Color(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Colors[index % Colors.Length];
    }
}
