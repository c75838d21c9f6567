using System.CommandLine;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Options;

/// <summary>
/// The options that set an <see cref="ExperimentConfig"/>, the same settings as the web app's experiment form.
/// Every option is optional: a value left out comes from <c>--config FILE</c>, or else from the defaults of
/// <see cref="ExperimentConfig"/>. Create one instance per command, because an option belongs to one command.
/// The strategy options are in ExperimentOptions.Strategy.cs, the client options in ExperimentOptions.Clients.cs and
/// the privacy options in ExperimentOptions.Privacy.cs.
/// </summary>
internal sealed partial class ExperimentOptions
{
    /// <summary>The defaults that the help texts show.</summary>
    private static readonly ExperimentConfig Defaults = new();

    private readonly Dictionary<string, Option> _optionsByField;

    /// <summary>Creates the option definitions.</summary>
    public ExperimentOptions()
    {
        var defaults = new ExperimentConfig();

        Config = new Option<string?>("--config")
        {
            Description = "Experiment JSON file to start from. Options given on the command line override its values.",
            HelpName = "FILE",
        };
        Name = new Option<string?>("--name")
        {
            Description = "Experiment name shown in run lists.",
            HelpName = "TEXT",
        };
        Dataset = ChoiceOption<DatasetKind>("--dataset", $"Dataset the clients train on; table is the CSV file of 'fedwb run --data' [default: {OptionParsers.ChoiceName(defaults.Dataset)}, table with --data].");
        Model = ChoiceOption<ModelKind>("--model", $"Model architecture [default: {OptionParsers.ChoiceName(defaults.Model)}].");
        Hidden = new Option<IReadOnlyList<int>?>("--hidden")
        {
            Description = $"Hidden layer widths of the mlp model, comma-separated [default: {string.Join(',', defaults.HiddenLayers)}].",
            HelpName = "WIDTHS",
            CustomParser = OptionParsers.IntegerList,
        };
        Clients = IntegerOption("--clients", $"Total number of clients K [default: {defaults.Clients}].");
        Fraction = NumberOption("--fraction", $"Fraction C of the clients sampled each round, in (0, 1] [default: {defaults.ClientFraction}].");
        LocalEpochs = IntegerOption("--local-epochs", $"Local epochs E each sampled client runs per round [default: {defaults.LocalEpochs}].");
        BatchSize = IntegerOption("--batch-size", $"Local minibatch size B [default: {defaults.BatchSize}].");
        LearningRate = NumberOption("--lr", $"Local SGD learning rate [default: {defaults.LearningRate}].");
        Partition = ChoiceOption<PartitionKind>("--partition", $"How the training set is split across clients. dirichlet, shards, classes, quantity and feature-noise take the options below; natural makes one client per owner of --owner-column [default: {OptionParsers.ChoiceName(defaults.Partition)}, natural with --owner-column].");
        Alpha = NumberOption("--alpha", $"Dirichlet concentration for --partition dirichlet. Smaller values give more label skew [default: {defaults.DirichletAlpha}].");
        MinClientSize = IntegerOption("--min-client-size", $"Smallest number of training samples a client may hold under --partition dirichlet and quantity [default: {defaults.MinClientSize}].");
        Rounds = IntegerOption("--rounds", $"Number of federated rounds [default: {defaults.Rounds}].");
        Seed = IntegerOption("--seed", $"Seed of every random choice in the run. The same seed gives the same metrics [default: {defaults.Seed}].");
        SyntheticAlpha = NumberOption("--synthetic-alpha", $"Model heterogeneity α of the synthetic dataset [default: {defaults.SyntheticAlpha}].");
        SyntheticBeta = NumberOption("--synthetic-beta", $"Data heterogeneity β of the synthetic dataset [default: {defaults.SyntheticBeta}].");

        _optionsByField = new Dictionary<string, Option>(StringComparer.Ordinal)
        {
            [nameof(ExperimentConfig.Name)] = Name,
            [nameof(ExperimentConfig.Dataset)] = Dataset,
            [nameof(ExperimentConfig.Model)] = Model,
            [nameof(ExperimentConfig.HiddenLayers)] = Hidden,
            [nameof(ExperimentConfig.Clients)] = Clients,
            [nameof(ExperimentConfig.ClientFraction)] = Fraction,
            [nameof(ExperimentConfig.LocalEpochs)] = LocalEpochs,
            [nameof(ExperimentConfig.BatchSize)] = BatchSize,
            [nameof(ExperimentConfig.LearningRate)] = LearningRate,
            [nameof(ExperimentConfig.Partition)] = Partition,
            [nameof(ExperimentConfig.DirichletAlpha)] = Alpha,
            [nameof(ExperimentConfig.MinClientSize)] = MinClientSize,
        };

        // Help lists the options in this order.
        AddPartitionFields(_optionsByField);
        _optionsByField[nameof(ExperimentConfig.Rounds)] = Rounds;
        _optionsByField[nameof(ExperimentConfig.Seed)] = Seed;
        _optionsByField[nameof(ExperimentConfig.SyntheticAlpha)] = SyntheticAlpha;
        _optionsByField[nameof(ExperimentConfig.SyntheticBeta)] = SyntheticBeta;
        AddStrategyFields(_optionsByField);
        AddClientFields(_optionsByField);
        AddPrivacyFields(_optionsByField);
    }

    /// <summary>Path of the experiment file that the other options override.</summary>
    public Option<string?> Config { get; }

    /// <summary>Sets <see cref="ExperimentConfig.Name"/>.</summary>
    public Option<string?> Name { get; }

    /// <summary>Sets <see cref="ExperimentConfig.Dataset"/>.</summary>
    public Option<DatasetKind?> Dataset { get; }

    /// <summary>Sets <see cref="ExperimentConfig.Model"/>.</summary>
    public Option<ModelKind?> Model { get; }

    /// <summary>Sets <see cref="ExperimentConfig.HiddenLayers"/>.</summary>
    public Option<IReadOnlyList<int>?> Hidden { get; }

    /// <summary>Sets <see cref="ExperimentConfig.Clients"/>.</summary>
    public Option<int?> Clients { get; }

    /// <summary>Sets <see cref="ExperimentConfig.ClientFraction"/>.</summary>
    public Option<double?> Fraction { get; }

    /// <summary>Sets <see cref="ExperimentConfig.LocalEpochs"/>.</summary>
    public Option<int?> LocalEpochs { get; }

    /// <summary>Sets <see cref="ExperimentConfig.BatchSize"/>.</summary>
    public Option<int?> BatchSize { get; }

    /// <summary>Sets <see cref="ExperimentConfig.LearningRate"/>.</summary>
    public Option<double?> LearningRate { get; }

    /// <summary>Sets <see cref="ExperimentConfig.Partition"/>.</summary>
    public Option<PartitionKind?> Partition { get; }

    /// <summary>Sets <see cref="ExperimentConfig.DirichletAlpha"/>.</summary>
    public Option<double?> Alpha { get; }

    /// <summary>Sets <see cref="ExperimentConfig.MinClientSize"/>.</summary>
    public Option<int?> MinClientSize { get; }

    /// <summary>Sets <see cref="ExperimentConfig.Rounds"/>.</summary>
    public Option<int?> Rounds { get; }

    /// <summary>Sets <see cref="ExperimentConfig.Seed"/>.</summary>
    public Option<int?> Seed { get; }

    /// <summary>Sets <see cref="ExperimentConfig.SyntheticAlpha"/>.</summary>
    public Option<double?> SyntheticAlpha { get; }

    /// <summary>Sets <see cref="ExperimentConfig.SyntheticBeta"/>.</summary>
    public Option<double?> SyntheticBeta { get; }

    /// <summary>Adds every experiment option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(Config);
        foreach (Option option in _optionsByField.Values)
        {
            command.Add(option);

            // --beta sets the same field as --trim-fraction, so it is not in the field map.
            if (option == TrimFraction)
            {
                command.Add(Beta);
            }
        }
    }

    /// <summary>
    /// Returns the option that sets the <see cref="ExperimentConfig"/> property named <paramref name="field"/>
    /// (a <see cref="ValidationError.Field"/>), or null for a property that no option sets.
    /// </summary>
    public Option? ForField(string field) => _optionsByField.GetValueOrDefault(field);

    private static Option<int?> IntegerOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = OptionParsers.Integer(),
    };

    private static Option<double?> NumberOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "X",
        CustomParser = OptionParsers.Number,
    };

    private static Option<TEnum?> ChoiceOption<TEnum>(string name, string description)
        where TEnum : struct, Enum
    {
        string[] names = OptionParsers.ChoiceNames<TEnum>();
        var option = new Option<TEnum?>(name)
        {
            Description = description,
            HelpName = string.Join('|', names),
            CustomParser = OptionParsers.Choice<TEnum>(),
        };
        option.CompletionSources.Add(names);
        return option;
    }
}
