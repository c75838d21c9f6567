using System.Globalization;
using System.Reflection;
using FedWorkbench.Simulation.Data;

namespace FedWorkbench.Simulation.Configuration;

/// <summary>One invalid setting: the <see cref="ExperimentConfig"/> property it concerns and a message for the user.</summary>
/// <param name="Field">Name of the <see cref="ExperimentConfig"/> property, for example <c>ClientFraction</c>.</param>
/// <param name="Message">What is wrong with the value and what to enter instead.</param>
public sealed record ValidationError(string Field, string Message);

/// <summary>Checks an <see cref="ExperimentConfig"/> against the engine's rules and <see cref="ExperimentLimits"/>.</summary>
public static partial class ExperimentValidator
{
    /// <summary>
    /// The advice, inside the messages about a setting that may be empty, to clear its value. The web form uses the
    /// messages as they are; a front end that clears values another way, such as <c>fedwb --deadline none</c>,
    /// replaces this text with its own advice.
    /// </summary>
    public const string ClearValueAdvice = "leave it empty";

    /// <summary>Returns every invalid setting of <paramref name="config"/>; an empty list means it can run.</summary>
    public static IReadOnlyList<ValidationError> Validate(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<ValidationError>();

        void Add(string field, string message) => errors.Add(new ValidationError(field, message));

        ValidateName(config.Name, Add);

        if (!Enum.IsDefined(config.Dataset))
        {
            Add(nameof(config.Dataset), $"Dataset {(int)config.Dataset} is unknown; choose fashion-mnist, synthetic or table.");
        }

        if (!Enum.IsDefined(config.Model))
        {
            Add(nameof(config.Model), $"Model {(int)config.Model} is unknown; choose softmax or mlp.");
        }

        ValidateHiddenLayers(config, Add);
        CheckRange(Add, nameof(config.Clients), "Number of clients", config.Clients, 1, ExperimentLimits.MaxClients);

        if (!(config.ClientFraction > 0 && config.ClientFraction <= 1))
        {
            Add(nameof(config.ClientFraction),
                $"Client fraction {Format(config.ClientFraction)} is outside (0, 1]; enter for example 0.1 to sample 10% of the clients each round.");
        }

        CheckRange(Add, nameof(config.LocalEpochs), "Local epochs", config.LocalEpochs, 1, ExperimentLimits.MaxLocalEpochs);
        CheckRange(Add, nameof(config.BatchSize), "Batch size", config.BatchSize, 1, ExperimentLimits.MaxBatchSize);

        if (!(config.LearningRate > 0 && config.LearningRate <= ExperimentLimits.MaxLearningRate))
        {
            Add(nameof(config.LearningRate),
                $"Learning rate {Format(config.LearningRate)} is outside (0, {Format(ExperimentLimits.MaxLearningRate)}]; values around 0.01 to 0.1 suit SGD here.");
        }

        if (config.ClientGroups is { Count: > 0 })
        {
            ValidateClientGroups(config, Add);
        }
        else if (config.ClientGroups is null)
        {
            Add(nameof(config.ClientGroups), "Client groups are missing; give a list of groups, or an empty list for one population from the top-level settings.");
        }
        else
        {
            ValidateClientSettings(config, Add, TrainingSampleCount(config.Dataset), DatasetName(config.Dataset));
        }

        CheckRange(Add, nameof(config.Rounds), "Rounds", config.Rounds, 1, ExperimentLimits.MaxRounds);
        ValidateClientTestFraction(config, Add);
        ValidateLocalTraining(config, Add);
        ValidateStrategySettings(config, Add);
        ValidateClientBehavior(config, Add);
        ValidateCommunication(config, Add);
        ValidateClientStateMemory(config, Add);
        ValidatePrivacy(config, Add);
        ValidateTable(config, Add);

        if (config.Dataset == DatasetKind.Synthetic)
        {
            CheckSyntheticHeterogeneity(Add, nameof(config.SyntheticAlpha), "Synthetic α", config.SyntheticAlpha);
            CheckSyntheticHeterogeneity(Add, nameof(config.SyntheticBeta), "Synthetic β", config.SyntheticBeta);
        }

        ValidateFiniteNumbers(config, errors);
        return errors;
    }

    /// <summary>
    /// Checks the settings that a client group can override: partition, reliability, system and attack. Without
    /// groups they are the top-level settings; with groups <paramref name="config"/> carries one group's settings.
    /// </summary>
    /// <param name="samples">Training samples the clients share, or null when the dataset kind is unknown.</param>
    /// <param name="source">Name of those samples in messages, for example "Fashion-MNIST".</param>
    private static void ValidateClientSettings(ExperimentConfig config, Action<string, string> add, int? samples, string source)
    {
        if (!Enum.IsDefined(config.Partition))
        {
            add(nameof(config.Partition),
                $"Partition {(int)config.Partition} is unknown; choose one of {string.Join(", ", ExperimentNames.All<PartitionKind>())}.");
        }

        if (config.Partition == PartitionKind.Dirichlet
            && !(config.DirichletAlpha >= ExperimentLimits.MinDirichletAlpha && config.DirichletAlpha <= ExperimentLimits.MaxDirichletAlpha))
        {
            add(nameof(config.DirichletAlpha),
                $"Dirichlet α {Format(config.DirichletAlpha)} is outside [{Format(ExperimentLimits.MinDirichletAlpha)}, {Format(ExperimentLimits.MaxDirichletAlpha)}]; smaller values give more label skew.");
        }

        if (config.MinClientSize < 1)
        {
            add(nameof(config.MinClientSize), $"Minimum client size {config.MinClientSize} must be at least 1, so that no client is empty.");
        }

        ValidateClientsFitDataset(config, add, samples, source);
        ValidatePartitionSettings(config, add, samples, source);
        ValidateReliabilityAndAttack(config, add);
    }

    /// <summary>Checks the length and the characters of an experiment or client group name.</summary>
    private static void ValidateName(string? name, Action<string, string> add)
    {
        if (name is { Length: > ExperimentLimits.MaxNameLength })
        {
            add(nameof(ExperimentConfig.Name), $"Name is {name.Length} characters long; use at most {ExperimentLimits.MaxNameLength}.");
        }
        else if (name is not null && IndexOfHiddenCharacter(name) is int position and >= 0)
        {
            // Line breaks would forge entries in the server log, and direction overrides reorder the name on screen.
            add(nameof(ExperimentConfig.Name),
                $"Name contains the invisible character U+{(int)name[position]:X4} at position {position + 1}; use visible characters only.");
        }
    }

    /// <summary>The real-valued settings, read by <see cref="ValidateFiniteNumbers"/>.</summary>
    private static readonly PropertyInfo[] RealProperties = typeof(ExperimentConfig).GetProperties()
        .Where(property => property.PropertyType == typeof(double) || property.PropertyType == typeof(double?))
        .ToArray();

    /// <summary>
    /// Rejects infinite and NaN values in every real-valued setting, also in those the chosen options do not read:
    /// the experiment is stored and exported as JSON, which cannot hold them. A setting that already has an error
    /// gets no second one.
    /// </summary>
    private static void ValidateFiniteNumbers(ExperimentConfig config, List<ValidationError> errors)
    {
        foreach (PropertyInfo property in RealProperties)
        {
            if (property.GetValue(config) is double value && !double.IsFinite(value) && !errors.Any(error => error.Field == property.Name))
            {
                string name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                string advice = property.GetValue(new ExperimentConfig()) is double defaultValue
                    ? $"enter a number such as its default, {Format(defaultValue)}"
                    : ClearValueAdvice;
                errors.Add(new ValidationError(property.Name, $"{name} is {Format(value)}, not a finite number; {advice}."));
            }
        }
    }

    /// <summary>Throws an <see cref="ExperimentException"/> listing every invalid setting, if there is one.</summary>
    public static void ThrowIfInvalid(ExperimentConfig config)
    {
        IReadOnlyList<ValidationError> errors = Validate(config);
        if (errors.Count > 0)
        {
            throw new ExperimentException("The experiment is invalid: " + string.Join(" ", errors.Select(e => e.Message)));
        }
    }

    private static void ValidateHiddenLayers(ExperimentConfig config, Action<string, string> add)
    {
        if (config.HiddenLayers is null)
        {
            // Softmax regression ignores the widths, but a missing list would break editing the run later.
            add(nameof(config.HiddenLayers), "Hidden layers are missing; give a list of widths such as 200,200, or an empty list for softmax regression.");
            return;
        }

        if (config.Model != ModelKind.Mlp)
        {
            return;
        }

        IReadOnlyList<int>? hidden = config.HiddenLayers;
        if (hidden is null || hidden.Count == 0)
        {
            add(nameof(config.HiddenLayers), "A multilayer perceptron needs at least one hidden layer, for example 200,200.");
            return;
        }

        if (hidden.Count > ExperimentLimits.MaxHiddenLayers)
        {
            add(nameof(config.HiddenLayers), $"{hidden.Count} hidden layers given; use at most {ExperimentLimits.MaxHiddenLayers}.");
        }

        foreach (int width in hidden)
        {
            if (width < 1 || width > ExperimentLimits.MaxHiddenWidth)
            {
                add(nameof(config.HiddenLayers), $"Hidden layer width {width} is outside [1, {ExperimentLimits.MaxHiddenWidth}].");
                break;
            }
        }
    }

    private static void CheckRange(Action<string, string> add, string field, string label, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            add(field, $"{label} {value} is outside [{min}, {max.ToString("N0", CultureInfo.InvariantCulture)}].");
        }
    }

    private static void CheckSyntheticHeterogeneity(Action<string, string> add, string field, string label, double value)
    {
        if (!(value >= 0 && value <= ExperimentLimits.MaxSyntheticHeterogeneity))
        {
            add(field,
                $"{label} {Format(value)} is outside [0, {Format(ExperimentLimits.MaxSyntheticHeterogeneity)}]; the FedProx paper uses 0, 0.5 and 1.");
        }
    }

    /// <summary>
    /// Rejects client counts that no partition of the dataset can serve, so that the form reports them before
    /// launch instead of the run failing in the queue.
    /// </summary>
    private static void ValidateClientsFitDataset(ExperimentConfig config, Action<string, string> add, int? trainCount, string dataset)
    {
        if (trainCount is not int samples || config.Clients < 1 || config.Clients > ExperimentLimits.MaxClients)
        {
            return;
        }

        if (config.Clients > samples)
        {
            add(nameof(config.Clients),
                $"{char.ToUpperInvariant(dataset[0])}{dataset[1..]} has {Number(samples)} training samples, so it cannot give each of {Number(config.Clients)} clients one; use at most {Number(samples)} clients.");
            return;
        }

        bool usesMinClientSize = config.Partition is PartitionKind.Dirichlet or PartitionKind.Quantity;
        if (usesMinClientSize && config.MinClientSize >= 1
            && (long)config.Clients * config.MinClientSize > samples)
        {
            add(nameof(config.MinClientSize),
                $"{Number(config.Clients)} clients × minimum client size {Number(config.MinClientSize)} = {Number((long)config.Clients * config.MinClientSize)} " +
                $"exceeds the {Number(samples)} training samples of {dataset}; " +
                "use fewer clients or a smaller minimum client size.");
        }
    }

    /// <summary>Number of training samples of a built-in dataset, or null for a kind this version does not know.</summary>
    public static int? TrainingSampleCount(DatasetKind dataset) => dataset switch
    {
        DatasetKind.FashionMnist => FashionMnistLoader.TrainCount,
        DatasetKind.Synthetic => SyntheticDataset.TrainCount,
        _ => null,
    };

    /// <summary>
    /// Returns the index of the first control, line-separator, zero-width or bidirectional-formatting character
    /// (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+2028, U+2029, U+FEFF), or −1. Names shown to other people
    /// use it too, because such characters hide a name or reverse the text after it.
    /// </summary>
    public static int IndexOfHiddenCharacter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool directionFormatting = c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
            bool zeroWidth = c is >= '\u200B' and <= '\u200F' or '\uFEFF';
            bool lineSeparator = c is '\u2028' or '\u2029';
            if (char.IsControl(c) || directionFormatting || zeroWidth || lineSeparator)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
