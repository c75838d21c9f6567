using System.CommandLine;
using System.Globalization;
using FedWorkbench.Cli.Options;
using FedWorkbench.Data;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Commands;

/// <summary>
/// Turns the <see cref="TableOptions"/> into a dataset for <c>fedwb run</c>: checks how they combine with the
/// experiment options, reads and featurizes the CSV file, and fits the experiment to the table's owners.
/// </summary>
internal sealed class TableInput(ParseResult parseResult, TableOptions table, ExperimentOptions experiment)
{
    private byte[] _bytes = [];

    // Whether --owner-column made the partition natural, in which case every owner takes part in every round.
    private bool _naturalByDefault;

    /// <summary>The CSV file's path, or null when the run trains on a built-in dataset.</summary>
    public string? Path { get; } = parseResult.GetValue(table.Data);

    /// <summary>Returns a message for each table option that does not fit the others.</summary>
    public IReadOnlyList<string> CheckOptions()
    {
        var errors = new List<string>();
        if (Path is null)
        {
            foreach (Option option in new Option[] { table.Label, table.Features, table.OwnerColumn, table.ColumnTypes, table.TestFraction })
            {
                if (ExperimentConfigBuilder.IsGiven(parseResult, option))
                {
                    errors.Add($"{option.Name}: it describes a CSV file, and no --data FILE.csv was given; add --data or leave {option.Name} out.");
                }
            }

            if (parseResult.GetValue(experiment.Dataset) == DatasetKind.Table)
            {
                errors.Add("--dataset: table needs the file to train on; add --data FILE.csv with --label COLUMN.");
            }

            return errors;
        }

        // An experiment file may name the label; the validator reports an empty one after the file is read.
        if (string.IsNullOrWhiteSpace(parseResult.GetValue(table.Label)) && parseResult.GetValue(experiment.Config) is null)
        {
            errors.Add("--data: give the column whose values are the classes to predict with --label COLUMN.");
        }

        if (parseResult.GetValue(experiment.Dataset) is DatasetKind dataset && dataset != DatasetKind.Table)
        {
            errors.Add($"--dataset: {OptionParsers.ChoiceName(dataset)} cannot be combined with --data, which trains on the file; leave --dataset out.");
        }

        if (parseResult.GetValue(experiment.Partition) == PartitionKind.Natural && parseResult.GetValue(table.OwnerColumn) is null
            && parseResult.GetValue(experiment.Config) is null)
        {
            errors.Add("--partition: natural makes one client per owner; name the column of owners with --owner-column COLUMN.");
        }

        if (parseResult.GetValue(table.OwnerColumn) is string owner && parseResult.GetValue(table.Label) is string label
            && string.Equals(owner.Trim(), label.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"--owner-column: '{owner}' is also the --label column; choose another column for the owners.");
        }

        if (parseResult.GetValue(table.TestFraction) is double fraction && !(fraction > 0 && fraction <= TableSource.MaxTestFraction))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture,
                $"--test-fraction: {fraction} is outside (0, {TableSource.MaxTestFraction}]; enter for example {TableSource.DefaultTestFraction}."));
        }

        if (errors.Count == 0 && ReadFile(Path) is string fileError)
        {
            errors.Add(fileError);
        }

        return errors;
    }

    /// <summary>
    /// Sets the dataset to the table and, when the rows have owners and no --partition was given, the natural
    /// partition. The table's choices come from the options, else from the experiment file's table. Leaves a run on
    /// a built-in dataset unchanged.
    /// </summary>
    public ExperimentConfig Adjust(ExperimentConfig config)
    {
        if (Path is null)
        {
            return config;
        }

        TableSource? fromFile = config.Table;
        string? owner = parseResult.GetValue(table.OwnerColumn) ?? fromFile?.OwnerColumn;
        bool natural = parseResult.GetValue(table.OwnerColumn) is not null && !ExperimentConfigBuilder.IsGiven(parseResult, experiment.Partition);
        _naturalByDefault = natural && config.Partition != PartitionKind.Natural;
        string id = TableSourceLoader.ComputeId(_bytes);
        if (fromFile is not null && fromFile.Id.Length > 0 && fromFile.Id != id)
        {
            Warnings.Add($"fedwb: warning: --data: the contents of {System.IO.Path.GetFileName(Path)} differ from the file the experiment was made with " +
                $"(SHA-256 {fromFile.Id[..Math.Min(12, fromFile.Id.Length)]}…), so the results will differ from the experiment's.");
        }

        return config with
        {
            Dataset = DatasetKind.Table,
            Table = new TableSource
            {
                Id = id,
                FileName = System.IO.Path.GetFileName(Path),
                LabelColumn = parseResult.GetValue(table.Label) ?? fromFile?.LabelColumn ?? string.Empty,
                OwnerColumn = owner,
                FeatureColumns = parseResult.GetValue(table.Features) ?? fromFile?.FeatureColumns,
                ColumnTypes = parseResult.GetValue(table.ColumnTypes) ?? fromFile?.ColumnTypes,
                TestFraction = parseResult.GetValue(table.TestFraction) ?? fromFile?.TestFraction ?? TableSource.DefaultTestFraction,
            },
            Partition = natural ? PartitionKind.Natural : config.Partition,
        };
    }

    /// <summary>Messages for the user that do not stop the run, written to standard error before it starts.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>
    /// Returns a message when the experiment trains on a table and no --data names its file, because the engine
    /// cannot read a table that only an id names.
    /// </summary>
    public static string? CheckTableHasFile(ExperimentConfig config, string? path) =>
        config.Dataset == DatasetKind.Table && path is null
            ? $"--data: the experiment trains on the table {config.Table?.FileName ?? "of a CSV file"}; add --data FILE.csv with that file."
            : null;

    /// <summary>
    /// Featurizes the file with the experiment's table choices and seed. Under the natural partition without
    /// --clients, the client count becomes the owner count. Returns the table and the experiment, or the message to show.
    /// </summary>
    public (TabularDataset? Table, ExperimentConfig Config, string? Error) Load(ExperimentConfig config)
    {
        TableSource source = config.Table ?? throw new InvalidOperationException("The experiment names no table.");
        TabularDataset featurized;
        try
        {
            featurized = TableSourceLoader.Load(_bytes, source, config.Seed);
        }
        catch (ExperimentException ex)
        {
            return (null, config, $"--data: {source.FileName}: {ex.Message}");
        }

        return config.Partition == PartitionKind.Natural ? FitToOwners(featurized, config) : (featurized, config, null);
    }

    /// <summary>Reads the file into memory after checking its size, or returns the message to show.</summary>
    private string? ReadFile(string path)
    {
        if (Directory.Exists(path))
        {
            return $"--data: '{path}' is a folder; give the path of a CSV file.";
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return $"--data: the file '{path}' does not exist.";
        }

        // The size is checked before reading, so that a huge file or a device is rejected instead of read whole.
        if (file.Length > CsvLimits.MaxFileBytes)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"--data: '{path}' is {file.Length:N0} bytes long, over the limit of {CsvLimits.MaxFileBytes:N0} bytes ({CsvLimits.MaxFileBytes / (1024 * 1024)} MiB); keep fewer rows or columns.");
        }

        try
        {
            _bytes = File.ReadAllBytes(path);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"--data: cannot read '{path}': {ex.Message}";
        }
    }

    /// <summary>
    /// Makes one client per owner unless --clients was given, where it must equal the owner count. When
    /// --owner-column chose the partition, it also samples every client each round unless --fraction was given, as in
    /// a federation of a few sites.
    /// </summary>
    private (TabularDataset? Table, ExperimentConfig Config, string? Error) FitToOwners(TabularDataset featurized, ExperimentConfig config)
    {
        int owners = featurized.OwnerNames.Count;
        if (ExperimentConfigBuilder.IsGiven(parseResult, experiment.Clients) && config.Clients != owners)
        {
            return (null, config, string.Create(CultureInfo.InvariantCulture,
                $"--clients: the natural partition makes one client per owner, and the file has {owners:N0} owners, not {config.Clients:N0}; " +
                $"leave --clients out or set it to {owners:N0}."));
        }

        config = config with
        {
            Clients = owners,
            ClientFraction = _naturalByDefault && !ExperimentConfigBuilder.IsGiven(parseResult, experiment.Fraction) ? 1 : config.ClientFraction,
        };
        if (ExperimentValidator.Validate(config) is [ValidationError first, ..])
        {
            return (null, config, string.Create(CultureInfo.InvariantCulture, $"--owner-column: the file has {owners:N0} owners, one client each: {first.Message}"));
        }

        return (featurized, config, null);
    }
}
