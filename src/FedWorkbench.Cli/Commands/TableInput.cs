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
    /// <summary>The CSV file's path, or null when the run trains on a built-in dataset.</summary>
    public string? Path { get; } = parseResult.GetValue(table.Data);

    /// <summary>Returns a message for each table option that does not fit the others.</summary>
    public IReadOnlyList<string> CheckOptions()
    {
        var errors = new List<string>();
        if (Path is null)
        {
            foreach (Option option in new Option[] { table.Label, table.Features, table.OwnerColumn, table.TestFraction })
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

        if (string.IsNullOrWhiteSpace(parseResult.GetValue(table.Label)))
        {
            errors.Add("--data: give the column whose values are the classes to predict with --label COLUMN.");
        }

        if (parseResult.GetValue(experiment.Dataset) is DatasetKind dataset && dataset != DatasetKind.Table)
        {
            errors.Add($"--dataset: {OptionParsers.ChoiceName(dataset)} cannot be combined with --data, which trains on the file; leave --dataset out.");
        }

        if (parseResult.GetValue(experiment.Partition) == PartitionKind.Natural && parseResult.GetValue(table.OwnerColumn) is null)
        {
            errors.Add("--partition: natural makes one client per owner; name the column of owners with --owner-column COLUMN.");
        }

        return errors;
    }

    /// <summary>
    /// Sets the dataset to the table and, when the rows have owners and no --partition was given, the natural
    /// partition. Leaves a run on a built-in dataset unchanged.
    /// </summary>
    public ExperimentConfig Adjust(ExperimentConfig config)
    {
        if (Path is null)
        {
            return config;
        }

        bool natural = parseResult.GetValue(table.OwnerColumn) is not null && !ExperimentConfigBuilder.IsGiven(parseResult, experiment.Partition);
        return config with
        {
            Dataset = DatasetKind.Table,
            Partition = natural ? PartitionKind.Natural : config.Partition,
        };
    }

    /// <summary>
    /// Reads and featurizes the file with the experiment's seed. Under the natural partition without --clients, the
    /// client count becomes the owner count. Returns the table and the experiment, or the message to show.
    /// </summary>
    public (TabularDataset? Table, ExperimentConfig Config, string? Error) Load(ExperimentConfig config)
    {
        string path = Path ?? throw new InvalidOperationException("No --data file was given.");
        if (Directory.Exists(path))
        {
            return (null, config, $"--data: '{path}' is a folder; give the path of a CSV file.");
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return (null, config, $"--data: the file '{path}' does not exist.");
        }

        // The size is checked before reading, so that a huge file or a device is rejected instead of read whole.
        if (file.Length > CsvLimits.MaxFileBytes)
        {
            return (null, config,
                string.Create(CultureInfo.InvariantCulture, $"--data: '{path}' is {file.Length:N0} bytes long, over the limit of {CsvLimits.MaxFileBytes:N0} bytes ({CsvLimits.MaxFileBytes / (1024 * 1024)} MiB); ") +
                "keep fewer rows or columns.");
        }

        TabularDataset featurized;
        try
        {
            using FileStream stream = file.OpenRead();
            CsvTable csv = CsvTableReader.Read(stream);
            featurized = TabularFeaturizer.Featurize(csv, new FeaturizationOptions
            {
                LabelColumn = parseResult.GetValue(table.Label)!,
                OwnerColumn = parseResult.GetValue(table.OwnerColumn),
                FeatureColumns = parseResult.GetValue(table.Features),
                TestFraction = parseResult.GetValue(table.TestFraction) ?? FeaturizationOptions.DefaultTestFraction,
                Seed = config.Seed,
                DatasetName = file.Name,
            });
        }
        catch (ExperimentException ex)
        {
            return (null, config, $"--data: {file.Name}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, config, $"--data: cannot read '{path}': {ex.Message}");
        }

        return config.Partition == PartitionKind.Natural ? FitToOwners(featurized, config) : (featurized, config, null);
    }

    /// <summary>
    /// Makes one client per owner unless --clients was given, where it must equal the owner count, and samples every
    /// client each round unless --fraction was given, as in a federation of a few sites.
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
            ClientFraction = ExperimentConfigBuilder.IsGiven(parseResult, experiment.Fraction) ? config.ClientFraction : 1,
        };
        if (ExperimentValidator.Validate(config) is [ValidationError first, ..])
        {
            return (null, config, string.Create(CultureInfo.InvariantCulture, $"--owner-column: the file has {owners:N0} owners, one client each: {first.Message}"));
        }

        return (featurized, config, null);
    }
}
