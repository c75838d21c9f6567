using System.CommandLine;
using FedWorkbench.Data;

namespace FedWorkbench.Cli.Options;

/// <summary>
/// The options that train on the user's own CSV file instead of a built-in dataset: the file, its label, feature and
/// owner columns, and the fraction of rows held out for testing.
/// </summary>
internal sealed class TableOptions
{
    /// <summary>Creates the option definitions.</summary>
    public TableOptions()
    {
        Data = new Option<string?>("--data")
        {
            Description = $"CSV file to train on instead of a built-in dataset, UTF-8 with a header line, at most {CsvLimits.MaxFileBytes / (1024 * 1024)} MiB. Needs --label.",
            HelpName = "FILE.csv",
        };
        Label = new Option<string?>("--label")
        {
            Description = "Column of --data whose values are the classes to predict.",
            HelpName = "COLUMN",
        };
        Features = new Option<IReadOnlyList<string>?>("--features")
        {
            Description = "Feature columns of --data, comma-separated [default: every column except the label, the owner and empty ones].",
            HelpName = "COLUMNS",
            CustomParser = OptionParsers.NameList,
        };
        OwnerColumn = new Option<string?>("--owner-column")
        {
            Description = "Column of --data that names each row's owner (a site, a bank, a device). Each owner becomes one client, " +
                "under --partition natural, which is then the default, with --clients set to the number of owners and --fraction to 1 unless given.",
            HelpName = "COLUMN",
        };
        ColumnTypes = new Option<IReadOnlyDictionary<string, string>?>("--column-types")
        {
            Description = "Column types that replace the inferred ones, as COLUMN=numeric or COLUMN=categorical, comma-separated, for example zip=categorical.",
            HelpName = "COLUMN=TYPE",
            CustomParser = OptionParsers.ColumnTypes,
        };
        TestFraction = new Option<double?>("--test-fraction")
        {
            Description = $"Fraction of the rows of --data (of each owner's rows with --owner-column) held out as the test set, in (0, {CsvLimits.MaxTestFraction}] [default: {FeaturizationOptions.DefaultTestFraction}].",
            HelpName = "F",
            CustomParser = OptionParsers.Number,
        };
    }

    /// <summary>The CSV file.</summary>
    public Option<string?> Data { get; }

    /// <summary>The label column.</summary>
    public Option<string?> Label { get; }

    /// <summary>The feature columns.</summary>
    public Option<IReadOnlyList<string>?> Features { get; }

    /// <summary>The owner column.</summary>
    public Option<string?> OwnerColumn { get; }

    /// <summary>The column type overrides.</summary>
    public Option<IReadOnlyDictionary<string, string>?> ColumnTypes { get; }

    /// <summary>The test fraction of the table.</summary>
    public Option<double?> TestFraction { get; }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(Data);
        command.Add(Label);
        command.Add(Features);
        command.Add(OwnerColumn);
        command.Add(ColumnTypes);
        command.Add(TestFraction);
    }
}
