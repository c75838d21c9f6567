using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

// The rows of a run on an uploaded CSV file: which file, and which of its columns.
public static partial class RunConfigRows
{
    private static string DatasetName(DatasetKind dataset) => dataset switch
    {
        DatasetKind.FashionMnist => "Fashion-MNIST",
        DatasetKind.Synthetic => "Synthetic(α, β)",
        DatasetKind.Table => "CSV file",
        _ => ExperimentNames.Of(dataset),
    };

    private static void AddTable(ExperimentConfig config, Action<string, string, string> add)
    {
        if (config.Dataset != DatasetKind.Table || config.Table is not { } table)
        {
            return;
        }

        // The id distinguishes two files of the same name; its first 12 digits are enough to compare runs by eye.
        string file = table.FileName is { Length: > 0 } name ? $"{name} ({table.Id[..Math.Min(12, table.Id.Length)]}…)" : table.Id;
        add(nameof(config.Table), "File", file);
        add(nameof(config.Table), "Label column", table.LabelColumn);
        add(nameof(config.Table), "Owner column", table.OwnerColumn ?? "none");
        add(nameof(config.Table), "Feature columns", table.FeatureColumns is { } features
            ? string.Join(", ", features)
            : "every other column with values");
        if (table.ColumnTypes is { Count: > 0 } types)
        {
            add(nameof(config.Table), "Column types", string.Join(", ", types.Select(pair => $"{pair.Key}: {pair.Value}")));
        }

        add(nameof(config.Table), ExperimentForm.TestFractionLabel, Real(table.TestFraction));
    }
}
