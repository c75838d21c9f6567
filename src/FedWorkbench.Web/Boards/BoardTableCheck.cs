using System.Globalization;
using FedWorkbench.Data;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Tables;

namespace FedWorkbench.Web.Boards;

/// <summary>
/// Checks a compiled board's CSV table against the stored file: that the file is stored, that it has the chosen
/// columns, and that a natural-partition client group has one client per owner. The compiler cannot, because only
/// the stored file contains its columns, so without this check such mistakes would show only when Simulate launches.
/// </summary>
public sealed class BoardTableCheck(TableUploads uploads)
{
    /// <summary>Most column names quoted in a message; a wider file is cut with an ellipsis.</summary>
    private const int MaxQuotedColumns = 12;

    /// <summary>
    /// Returns the problems of <paramref name="config"/>'s table, each on the data source or the client group to fix,
    /// or none when the experiment does not train on a table or the file fits it.
    /// </summary>
    /// <param name="config">The board's compiled experiment.</param>
    /// <param name="elements">The board's elements, to find the data source and the client group.</param>
    /// <param name="cancellationToken">Cancels the lookup of the file.</param>
    public async Task<IReadOnlyList<BoardProblem>> CheckAsync(
        ExperimentConfig config, IReadOnlyList<BoardElement> elements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(elements);
        if (config is not { Dataset: DatasetKind.Table, Table: { } table }
            || elements.FirstOrDefault(e => e.Type == BoardElementTypes.DataSource) is not { } dataSource)
        {
            return [];
        }

        TableUpload? file;
        try
        {
            // The room checks the board after every edit, which is not a use of the file.
            file = await uploads.FindAsync(table.Id, markUsed: false, cancellationToken);
        }
        catch (TableUploadException ex)
        {
            return [OnTable(dataSource, ex.Message)];
        }

        if (file is null)
        {
            return [OnTable(dataSource, TableUploads.NotStoredMessage(table))];
        }

        var problems = new List<BoardProblem>();
        CheckColumn(problems, dataSource, file, "label column", table.LabelColumn);
        CheckColumn(problems, dataSource, file, "owner column", table.OwnerColumn);
        foreach (string feature in table.FeatureColumns ?? [])
        {
            CheckColumn(problems, dataSource, file, "feature column", feature);
        }

        if (config.Partition == PartitionKind.Natural && config.ClientGroups.Count == 0
            && Find(file, table.OwnerColumn) is { } owner && owner.DistinctTextCount != config.Clients)
        {
            string owners = owner.DistinctTextCount.ToString("N0", CultureInfo.InvariantCulture);
            BoardElement[] groups = [.. elements.Where(e => e.Type == BoardElementTypes.ClientGroup)];
            string name = groups is [BoardElement group] ? BoardCompiler.Describe(group) : "Client groups";
            problems.Add(new BoardProblem([.. groups.Select(g => g.Id)], "count",
                $"{name}: column '{owner.Name}' of {file.FileName} names {owners} owners, so the natural partition needs {owners} clients, " +
                $"one per owner, not {config.Clients.ToString("N0", CultureInfo.InvariantCulture)}; set the count to {owners}."));
        }

        return problems;
    }

    private static void CheckColumn(List<BoardProblem> problems, BoardElement dataSource, TableUpload file, string role, string? column)
    {
        if (string.IsNullOrWhiteSpace(column) || Find(file, column) is not null)
        {
            return;
        }

        IEnumerable<string> names = file.Columns.Take(MaxQuotedColumns).Select(c => $"'{c.Name}'");
        string more = file.Columns.Count > MaxQuotedColumns ? ", …" : string.Empty;
        problems.Add(OnTable(dataSource,
            $"the {role} '{column}' is not in {file.FileName}, whose columns are {string.Join(", ", names)}{more}. Choose the {role} again."));
    }

    // The featurizer finds a column ignoring case and surrounding spaces, so the check does too.
    private static CsvColumnProfile? Find(TableUpload file, string? column) =>
        file.Columns.FirstOrDefault(c => TableSource.SameColumn(c.Name, column));

    private static BoardProblem OnTable(BoardElement dataSource, string message) =>
        new([dataSource.Id], "table", $"{BoardCompiler.Describe(dataSource)}: {message}");
}
