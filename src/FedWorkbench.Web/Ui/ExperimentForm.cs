using System.Globalization;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Editable values of the experiment form. Every <see cref="ExperimentConfig"/> setting has a property of the same
/// name, except the hidden layers, which the form edits as comma-separated text.
/// </summary>
public sealed class ExperimentForm
{
    /// <summary>Experiment name; blank means no name.</summary>
    public string? Name { get; set; }

    /// <summary>Dataset the clients train on.</summary>
    public DatasetKind Dataset { get; set; }

    /// <summary>Model architecture.</summary>
    public ModelKind Model { get; set; }

    /// <summary>Hidden layer widths as typed, for example "200, 200".</summary>
    public string HiddenLayersText { get; set; } = string.Empty;

    /// <summary>Total number of clients K.</summary>
    public int Clients { get; set; }

    /// <summary>Fraction C of the clients sampled each round.</summary>
    public double ClientFraction { get; set; }

    /// <summary>Local epochs E per sampled client and round.</summary>
    public int LocalEpochs { get; set; }

    /// <summary>Local minibatch size B.</summary>
    public int BatchSize { get; set; }

    /// <summary>Local SGD learning rate η.</summary>
    public double LearningRate { get; set; }

    /// <summary>How the training set is split across clients.</summary>
    public PartitionKind Partition { get; set; }

    /// <summary>Dirichlet concentration α of the label skew.</summary>
    public double DirichletAlpha { get; set; }

    /// <summary>Smallest number of training samples per client under the Dirichlet partition.</summary>
    public int MinClientSize { get; set; }

    /// <summary>Number of federated rounds.</summary>
    public int Rounds { get; set; }

    /// <summary>Seed of every random choice in the run.</summary>
    public int Seed { get; set; }

    /// <summary>Model heterogeneity α of the synthetic dataset.</summary>
    public double SyntheticAlpha { get; set; }

    /// <summary>Data heterogeneity β of the synthetic dataset.</summary>
    public double SyntheticBeta { get; set; }

    /// <summary>Whether the hidden layer field applies, which is the case for the multilayer perceptron only.</summary>
    public bool UsesHiddenLayers => Model == ModelKind.Mlp;

    /// <summary>Whether the Dirichlet α and minimum client size fields apply.</summary>
    public bool UsesDirichlet => Partition == PartitionKind.Dirichlet;

    /// <summary>Whether the synthetic α and β fields apply.</summary>
    public bool UsesSynthetic => Dataset == DatasetKind.Synthetic;

    /// <summary>Creates a form holding the values of <paramref name="config"/>.</summary>
    public static ExperimentForm FromConfig(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ExperimentForm
        {
            Name = config.Name,
            Dataset = config.Dataset,
            Model = config.Model,
            HiddenLayersText = string.Join(", ", config.HiddenLayers.Select(width => width.ToString(CultureInfo.InvariantCulture))),
            Clients = config.Clients,
            ClientFraction = config.ClientFraction,
            LocalEpochs = config.LocalEpochs,
            BatchSize = config.BatchSize,
            LearningRate = config.LearningRate,
            Partition = config.Partition,
            DirichletAlpha = config.DirichletAlpha,
            MinClientSize = config.MinClientSize,
            Rounds = config.Rounds,
            Seed = config.Seed,
            SyntheticAlpha = config.SyntheticAlpha,
            SyntheticBeta = config.SyntheticBeta,
        };
    }

    /// <summary>Returns a copy that can be changed without changing this form.</summary>
    public ExperimentForm Clone() => (ExperimentForm)MemberwiseClone();

    /// <summary>
    /// Converts the form into a configuration and validates it with <see cref="ExperimentValidator"/>.
    /// The result's <see cref="ExperimentFormResult.Config"/> is null only when the hidden layer text of a
    /// perceptron cannot be parsed; otherwise it contains the values even when some are invalid.
    /// </summary>
    public ExperimentFormResult ToConfig()
    {
        var errors = new List<ValidationError>();
        IReadOnlyList<int> hiddenLayers = ParseHiddenLayers(HiddenLayersText, out string? parseError);

        // A softmax model ignores the hidden layers, so unparsable text only matters for the perceptron.
        if (parseError is not null && UsesHiddenLayers)
        {
            errors.Add(new ValidationError(nameof(ExperimentConfig.HiddenLayers), parseError));
        }

        var config = new ExperimentConfig
        {
            Name = string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(),
            Dataset = Dataset,
            Model = Model,
            // NOTE: with a softmax model and unparsable text, the file keeps the default widths rather than the text.
            HiddenLayers = parseError is null ? hiddenLayers : new ExperimentConfig().HiddenLayers,
            Clients = Clients,
            ClientFraction = ClientFraction,
            LocalEpochs = LocalEpochs,
            BatchSize = BatchSize,
            LearningRate = LearningRate,
            Partition = Partition,
            DirichletAlpha = DirichletAlpha,
            MinClientSize = MinClientSize,
            Rounds = Rounds,
            Seed = Seed,
            SyntheticAlpha = SyntheticAlpha,
            SyntheticBeta = SyntheticBeta,
        };

        bool parsed = errors.Count == 0;
        errors.AddRange(ExperimentValidator.Validate(config));
        return new ExperimentFormResult(parsed ? config : null, new FieldErrors(errors));
    }

    /// <summary>
    /// Parses comma-separated layer widths such as "200, 200". Returns an empty list for blank text, which the
    /// validator reports. Sets <paramref name="error"/> to a user message for the first entry that is not a number.
    /// </summary>
    public static IReadOnlyList<int> ParseHiddenLayers(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var widths = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0)
            {
                error = "Hidden layers: an entry is empty; enter widths separated by commas, for example 200, 200.";
                return [];
            }

            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int width))
            {
                error = $"Hidden layers: '{part}' is not a number; enter whole widths separated by commas, for example 200, 200.";
                return [];
            }

            widths.Add(width);
        }

        return widths;
    }
}

/// <summary>Outcome of <see cref="ExperimentForm.ToConfig"/>.</summary>
/// <param name="Config">The form's values, or null when the hidden layer text could not be parsed.</param>
/// <param name="Errors">Every invalid setting, parse errors included, keyed by <see cref="ExperimentConfig"/> property name.</param>
public sealed record ExperimentFormResult(ExperimentConfig? Config, FieldErrors Errors)
{
    /// <summary>Whether the configuration exists and passed validation, so that it can be launched.</summary>
    public bool IsValid => Config is not null && Errors.Count == 0;
}

/// <summary>Validation messages grouped by <see cref="ExperimentConfig"/> property name.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _messages = new(StringComparer.Ordinal);

    /// <summary>An instance with no errors.</summary>
    public static FieldErrors None { get; } = new([]);

    /// <summary>Groups <paramref name="errors"/> by field, keeping their order.</summary>
    public FieldErrors(IEnumerable<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (ValidationError error in errors)
        {
            if (!_messages.TryGetValue(error.Field, out List<string>? list))
            {
                list = [];
                _messages[error.Field] = list;
            }

            list.Add(error.Message);
            Count++;
        }
    }

    /// <summary>Total number of messages.</summary>
    public int Count { get; }

    /// <summary>Whether <paramref name="field"/> has at least one message.</summary>
    public bool Has(string field) => _messages.ContainsKey(field);

    /// <summary>Returns the messages of <paramref name="field"/> joined into one line, or null when it has none.</summary>
    public string? For(string field) => _messages.TryGetValue(field, out List<string>? list) ? string.Join(" ", list) : null;

    /// <summary>Returns the names of the fields that have messages.</summary>
    public IEnumerable<string> Fields => _messages.Keys;
}
