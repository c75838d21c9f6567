using System.Globalization;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Editable values of the experiment form. Every <see cref="ExperimentConfig"/> setting has a property: the
/// choices under the same name, and the numbers and hidden layers as the text the user typed, under the setting's
/// name followed by "Text". <see cref="ToConfig"/> parses that text, so a value that is not a number stays on
/// screen as typed and gets a message instead of being replaced.
/// </summary>
public sealed class ExperimentForm
{
    private static readonly IntegerField ClientsField = new(FieldLabels.Clients, 1, ExperimentLimits.MaxClients);
    private static readonly RealField ClientFractionField = new(FieldLabels.ClientFraction, "0.1");
    private static readonly IntegerField LocalEpochsField = new(FieldLabels.LocalEpochs, 1, ExperimentLimits.MaxLocalEpochs);
    private static readonly IntegerField BatchSizeField = new(FieldLabels.BatchSize, 1, ExperimentLimits.MaxBatchSize);
    private static readonly RealField LearningRateField = new(FieldLabels.LearningRate, "0.05");
    private static readonly RealField DirichletAlphaField = new(FieldLabels.DirichletAlpha, "0.5");
    private static readonly IntegerField MinClientSizeField = new(FieldLabels.MinClientSize, 1, int.MaxValue);
    private static readonly IntegerField RoundsField = new(FieldLabels.Rounds, 1, ExperimentLimits.MaxRounds);
    private static readonly IntegerField SeedField = new(FieldLabels.Seed, int.MinValue, int.MaxValue);
    private static readonly RealField SyntheticAlphaField = new(FieldLabels.SyntheticAlpha, "1");
    private static readonly RealField SyntheticBetaField = new(FieldLabels.SyntheticBeta, "1");

    /// <summary>Experiment name; blank means no name.</summary>
    public string? Name { get; set; }

    /// <summary>Dataset the clients train on.</summary>
    public DatasetKind Dataset { get; set; }

    /// <summary>Model architecture.</summary>
    public ModelKind Model { get; set; }

    /// <summary>Hidden layer widths as typed, for example "200, 200".</summary>
    public string HiddenLayersText { get; set; } = string.Empty;

    /// <summary>Total number of clients K, as typed.</summary>
    public string? ClientsText { get; set; }

    /// <summary>Fraction C of the clients sampled each round, as typed.</summary>
    public string? ClientFractionText { get; set; }

    /// <summary>Local epochs E per sampled client and round, as typed.</summary>
    public string? LocalEpochsText { get; set; }

    /// <summary>Local minibatch size B, as typed.</summary>
    public string? BatchSizeText { get; set; }

    /// <summary>Local SGD learning rate η, as typed.</summary>
    public string? LearningRateText { get; set; }

    /// <summary>How the training set is split across clients.</summary>
    public PartitionKind Partition { get; set; }

    /// <summary>Dirichlet concentration α of the label skew, as typed.</summary>
    public string? DirichletAlphaText { get; set; }

    /// <summary>Smallest number of training samples per client under the Dirichlet partition, as typed.</summary>
    public string? MinClientSizeText { get; set; }

    /// <summary>Number of federated rounds, as typed.</summary>
    public string? RoundsText { get; set; }

    /// <summary>Seed of every random choice in the run, as typed.</summary>
    public string? SeedText { get; set; }

    /// <summary>Model heterogeneity α of the synthetic dataset, as typed.</summary>
    public string? SyntheticAlphaText { get; set; }

    /// <summary>Data heterogeneity β of the synthetic dataset, as typed.</summary>
    public string? SyntheticBetaText { get; set; }

    /// <summary>Whether the hidden layer field applies, which is the case for the multilayer perceptron only.</summary>
    public bool UsesHiddenLayers => Model == ModelKind.Mlp;

    /// <summary>Whether the Dirichlet α and minimum client size fields apply.</summary>
    public bool UsesDirichlet => Partition == PartitionKind.Dirichlet;

    /// <summary>Whether the synthetic α and β fields apply.</summary>
    public bool UsesSynthetic => Dataset == DatasetKind.Synthetic;

    /// <summary>Creates a form holding the values of <paramref name="config"/>, numbers written with the invariant culture.</summary>
    public static ExperimentForm FromConfig(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ExperimentForm
        {
            Name = config.Name,
            Dataset = config.Dataset,
            Model = config.Model,
            HiddenLayersText = string.Join(", ", config.HiddenLayers.Select(FormatInteger)),
            ClientsText = FormatInteger(config.Clients),
            ClientFractionText = FormatReal(config.ClientFraction),
            LocalEpochsText = FormatInteger(config.LocalEpochs),
            BatchSizeText = FormatInteger(config.BatchSize),
            LearningRateText = FormatReal(config.LearningRate),
            Partition = config.Partition,
            DirichletAlphaText = FormatReal(config.DirichletAlpha),
            MinClientSizeText = FormatInteger(config.MinClientSize),
            RoundsText = FormatInteger(config.Rounds),
            SeedText = FormatInteger(config.Seed),
            SyntheticAlphaText = FormatReal(config.SyntheticAlpha),
            SyntheticBetaText = FormatReal(config.SyntheticBeta),
        };
    }

    /// <summary>Returns a copy that can be changed without changing this form.</summary>
    public ExperimentForm Clone() => (ExperimentForm)MemberwiseClone();

    /// <summary>
    /// Returns whether the input of <paramref name="field"/>, an <see cref="ExperimentConfig"/> property name, is
    /// shown for the current choices of dataset, model and partition.
    /// </summary>
    public bool IsFieldShown(string field) => field switch
    {
        nameof(ExperimentConfig.HiddenLayers) => UsesHiddenLayers,
        nameof(ExperimentConfig.DirichletAlpha) or nameof(ExperimentConfig.MinClientSize) => UsesDirichlet,
        nameof(ExperimentConfig.SyntheticAlpha) or nameof(ExperimentConfig.SyntheticBeta) => UsesSynthetic,
        _ => true,
    };

    /// <summary>
    /// Parses the text of every field and validates the result with <see cref="ExperimentValidator"/>. Parse errors
    /// and range errors are reported under the same field names. The result's
    /// <see cref="ExperimentFormResult.Config"/> is null when the text of a shown field cannot be parsed;
    /// otherwise it contains the values even when some are invalid.
    /// </summary>
    public ExperimentFormResult ToConfig()
    {
        var defaults = new ExperimentConfig();
        var parseErrors = new List<ValidationError>();

        // A field hidden by the current choices does not affect the run, so its unparsable text is ignored and the
        // configuration takes the default there.
        T Unparsable<T>(string field, string error, T fallback)
        {
            if (IsFieldShown(field))
            {
                parseErrors.Add(new ValidationError(field, error));
            }

            return fallback;
        }

        int ParseInteger(string field, string? text, IntegerField spec, int fallback) =>
            FormNumberParser.TryParseInteger(text, spec, out int value, out string? error) ? value : Unparsable(field, error, fallback);

        double ParseReal(string field, string? text, RealField spec, double fallback) =>
            FormNumberParser.TryParseReal(text, spec, out double value, out string? error) ? value : Unparsable(field, error, fallback);

        // NOTE: with a softmax model and unparsable text, the file keeps the default widths rather than the text.
        IReadOnlyList<int> hiddenLayers = ParseHiddenLayers(HiddenLayersText, out string? hiddenLayersError);
        if (hiddenLayersError is not null)
        {
            hiddenLayers = Unparsable(nameof(ExperimentConfig.HiddenLayers), hiddenLayersError, defaults.HiddenLayers);
        }

        var config = new ExperimentConfig
        {
            Name = string.IsNullOrWhiteSpace(Name) ? null : Name.Trim(),
            Dataset = Dataset,
            Model = Model,
            HiddenLayers = hiddenLayers,
            Clients = ParseInteger(nameof(ExperimentConfig.Clients), ClientsText, ClientsField, defaults.Clients),
            ClientFraction = ParseReal(nameof(ExperimentConfig.ClientFraction), ClientFractionText, ClientFractionField, defaults.ClientFraction),
            LocalEpochs = ParseInteger(nameof(ExperimentConfig.LocalEpochs), LocalEpochsText, LocalEpochsField, defaults.LocalEpochs),
            BatchSize = ParseInteger(nameof(ExperimentConfig.BatchSize), BatchSizeText, BatchSizeField, defaults.BatchSize),
            LearningRate = ParseReal(nameof(ExperimentConfig.LearningRate), LearningRateText, LearningRateField, defaults.LearningRate),
            Partition = Partition,
            DirichletAlpha = ParseReal(nameof(ExperimentConfig.DirichletAlpha), DirichletAlphaText, DirichletAlphaField, defaults.DirichletAlpha),
            MinClientSize = ParseInteger(nameof(ExperimentConfig.MinClientSize), MinClientSizeText, MinClientSizeField, defaults.MinClientSize),
            Rounds = ParseInteger(nameof(ExperimentConfig.Rounds), RoundsText, RoundsField, defaults.Rounds),
            Seed = ParseInteger(nameof(ExperimentConfig.Seed), SeedText, SeedField, defaults.Seed),
            SyntheticAlpha = ParseReal(nameof(ExperimentConfig.SyntheticAlpha), SyntheticAlphaText, SyntheticAlphaField, defaults.SyntheticAlpha),
            SyntheticBeta = ParseReal(nameof(ExperimentConfig.SyntheticBeta), SyntheticBetaText, SyntheticBetaField, defaults.SyntheticBeta),
        };

        // The validator checks the defaults put in place of unparsable text, so its messages for those fields would
        // name numbers the user never typed.
        var unparsed = parseErrors.Select(error => error.Field).ToHashSet(StringComparer.Ordinal);
        IEnumerable<ValidationError> rangeErrors = ExperimentValidator.Validate(config).Where(error => !unparsed.Contains(error.Field));
        return new ExperimentFormResult(parseErrors.Count == 0 ? config : null, new FieldErrors(parseErrors.Concat(rangeErrors)));
    }

    private static string FormatInteger(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string FormatReal(double value) => value.ToString(CultureInfo.InvariantCulture);

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
/// <param name="Config">The form's values, or null when the text of a shown field could not be parsed.</param>
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
