using System.Globalization;
using System.Reflection;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Extensions;

namespace FedWorkbench.Web.Components.Experiments;

/// <summary>
/// Inputs for every <see cref="ExperimentConfig"/> setting, each with its help text. Numbers are text inputs that
/// <see cref="ExperimentForm"/> parses, so each input shows either the parse error of its text or the
/// <see cref="ExperimentValidator"/> message for its value.
/// </summary>
public partial class ExperimentFields
{
    private static readonly string DatasetHelp =
        "Fashion-MNIST: 28×28 clothing images in 10 classes. Synthetic(α, β): generated, needs no files. Your CSV file: a table you upload.";

    private static readonly string DirichletAlphaHelp =
        $"From {ExperimentLimits.MinDirichletAlpha} to {ExperimentLimits.MaxDirichletAlpha:N0}; smaller values give more label skew.";

    private static readonly string HiddenLayersHelp =
        $"ReLU layer widths separated by commas: 1 to {ExperimentLimits.MaxHiddenLayers} layers of 1 to {ExperimentLimits.MaxHiddenWidth:N0} units.";

    private static readonly string LocalEpochsHelp = $"Passes over each client's data per round, 1 to {ExperimentLimits.MaxLocalEpochs}.";

    private static readonly string BatchSizeHelp = $"Samples per local SGD step, 1 to {ExperimentLimits.MaxBatchSize:N0}.";

    private static readonly string LearningRateHelp =
        $"Local SGD step size, in (0, {ExperimentLimits.MaxLearningRate:0.##}]. Values from 0.01 to 0.1 usually work.";

    private static readonly string RoundsHelp = $"Federated rounds, 1 to {ExperimentLimits.MaxRounds:N0}.";

    private static readonly string PowerLawExponentHelp =
        $"Pareto shape a of the client sizes, from {ExperimentLimits.MinPowerLawExponent} to {ExperimentLimits.MaxPowerLawExponent:0.##}; smaller is more skewed.";

    private static readonly string FeatureNoiseSigmaHelp =
        $"Client i of K adds Gaussian noise of standard deviation σ·(i + 1)/K to its features; σ from 0 to {ExperimentLimits.MaxFeatureNoiseSigma:0.##}.";

    private static readonly string ClientTestFractionHelp =
        $"Share of each client's samples held out to measure per-client accuracy, from 0 to {ExperimentLimits.MaxClientTestFraction}. 0 trains on every sample and turns per-client accuracy off.";

    private static readonly string WeightDecayHelp =
        $"L2 penalty λ added to the gradient as λ·w, from 0 to {ExperimentLimits.MaxWeightDecay:0.##}.";

    private static readonly string ProximalMuHelp =
        $"FedProx proximal coefficient μ of μ/2·‖w − w_global‖², from 0 to {ExperimentLimits.MaxProximalMu:0.##}; 0 makes FedProx equal FedAvg.";

    private static readonly string AssumedAttackersHelp =
        "Attackers f that Krum, Multi-Krum and Bulyan tolerate among a round's n updates. Krum needs n ≥ 2f + 3, Bulyan n ≥ 4f + 3.";

    private static readonly string SpreadHelp =
        $"Log-normal σ across clients, from 0 to {ExperimentLimits.MaxSystemSpread:0.##}; 0 gives every client the median.";

    private static readonly string OverSelectionHelp =
        $"Fraction o of extra clients sampled, from 0 to {ExperimentLimits.MaxOverSelection:0.##}: the server samples ⌈m·(1 + o)⌉ and aggregates the first m to report.";

    private static readonly string AttackBoostHelp =
        $"Factor γ by which the scaling attack multiplies its update, up to {ExperimentLimits.MaxAttackBoost:N0}.";

    private static readonly string AttackNoiseStdHelp =
        $"Standard deviation of each coordinate of the Gaussian attack's update, up to {ExperimentLimits.MaxAttackNoiseStd:N0}.";

    // The name input redraws its own counter on every key, but commits the value, which re-renders and revalidates
    // the whole form, only after this pause in typing or when the input loses focus.
    private const int NameDebounceMilliseconds = 300;

    // inputmode values that ask mobile browsers for a digit keyboard; desktop keyboards are unaffected.
    private const InputMode WholeNumberKeyboard = InputMode.numeric;
    private const InputMode DecimalKeyboard = InputMode.@decimal;

    private readonly Dictionary<string, object> _validators = new(StringComparer.Ordinal);

    // Data and partition starts open so that the partition choice is visible without a click. The other sections
    // start closed.
    private readonly Dictionary<ExperimentFormSection, bool> _expanded =
        Enum.GetValues<ExperimentFormSection>().ToDictionary(section => section, section => section == ExperimentFormSection.DataAndPartition);
    private MudForm? _mudForm;
    private MudTextField<string>? _nameInput;

    /// <summary>Values being edited. The component writes user input into it.</summary>
    [Parameter, EditorRequired]
    public ExperimentForm Form { get; set; } = default!;

    /// <summary>Current messages of the form, which the section titles count.</summary>
    [Parameter]
    public FieldErrors Errors { get; set; } = FieldErrors.None;

    /// <summary>Raised after any value in <see cref="Form"/> changed.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    /// <summary>Validates every visible input and shows its message, including inputs the user has not touched.</summary>
    public Task ValidateAsync() => _mudForm?.ValidateAsync() ?? Task.CompletedTask;

    /// <summary>
    /// Writes text that a debounced input has not committed yet into <see cref="Form"/>, and returns whether it
    /// changed the form. A click on Launch within the debounce interval after the last key would otherwise launch
    /// the value from before that typing.
    /// </summary>
    public bool CommitPendingInput()
    {
        // Name is the only debounced input. The others commit on the change event, which the browser sends before
        // the click that follows it.
        if (_nameInput is null)
        {
            return false;
        }

        string? typed = _nameInput.GetState(input => input.Text);
        if (string.Equals(typed ?? string.Empty, Form.Name ?? string.Empty, StringComparison.Ordinal))
        {
            return false;
        }

        Form.Name = typed;
        return true;
    }

    /// <summary>Opens every section that contains an input with a message in <paramref name="errors"/>, so that the message is visible.</summary>
    public void ExpandSectionsWithErrors(FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (string field in errors.Fields)
        {
            if (ExperimentFormSections.Of(field) is ExperimentFormSection section && Form.IsFieldShown(field))
            {
                _expanded[section] = true;
            }
        }
    }

    /// <summary>Opens <paramref name="sections"/>, leaving open sections open.</summary>
    public void Expand(IEnumerable<ExperimentFormSection> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        foreach (ExperimentFormSection section in sections)
        {
            _expanded[section] = true;
        }
    }

    private string ClientGroupsSummary => string.Join("; ", Form.ClientGroups.Select((group, index) =>
        $"{(string.IsNullOrWhiteSpace(group.Name) ? $"group {index + 1}" : group.Name)} ({group.Count} clients, " +
        $"{ExperimentNames.Of(group.Partition)}, data share {group.DataShare.ToString(CultureInfo.InvariantCulture)})"));

    private string ServerLearningRateHelp => Form.DefaultServerLearningRate is double rate
        ? string.Create(CultureInfo.InvariantCulture,
            $"Step size η of the server update, above 0 and at most {ExperimentLimits.MaxServerLearningRate:0.##}. Empty uses {ExperimentNames.Of(Form.Strategy)}'s default, {rate}.")
        : "FedAvg and FedProx apply the aggregate as it is and have no server learning rate.";

    private string ServerLearningRatePlaceholder => Form.DefaultServerLearningRate is double rate
        ? string.Create(CultureInfo.InvariantCulture, $"{rate} (default)")
        : string.Empty;

    private string ClipNormHelp => Form.DifferentialPrivacy switch
    {
        DifferentialPrivacyKind.CentralAdaptive => "Initial L2 norm to which the server clips each update; adaptive clipping then moves it toward the quantile γ.",
        DifferentialPrivacyKind.Client => "L2 norm to which each client clips its own update before sending it.",
        DifferentialPrivacyKind.Local => "L2 norm to which each client clips its update before adding its own noise.",
        _ => "L2 norm S to which the server clips each update: Δ·min(1, S/‖Δ‖).",
    };

    private int SectionErrors(ExperimentFormSection section) => ExperimentFormSections.ErrorCount(Errors, section);

    // Select options read "name: description", with the name as the experiment file spells it.
    private static string Option<TEnum>(TEnum value, string description)
        where TEnum : struct, Enum => $"{ExperimentNames.Of(value)}: {description}";

    // A closed select shows the value's name as the experiment file spells it.
    private static Func<TEnum, string?> NameOf<TEnum>()
        where TEnum : struct, Enum => value => ExperimentNames.Of(value);

    // The training-sample count of the chosen dataset bounds how many clients a partition can serve.
    private string ClientsHelp => Form.ClientsFromOwners
        ? ExperimentHelpText.ClientsFromOwners(Form.OwnerColumn!, Form.OwnerCount!.Value)
        : ExperimentHelpText.Clients(Form.Dataset);

    private string MinClientSizeHelp => ExperimentHelpText.MinClientSize(Form.Partition);

    // A change of dataset or partition can change what the table's owners decide, such as Clients K.
    private Task NotifyChangedAsync()
    {
        Form.ApplyTableRules();
        return Changed.InvokeAsync();
    }

    /// <summary>
    /// Returns MudBlazor's validation function for the input of <paramref name="field"/>. It validates a copy of
    /// the form containing the candidate value, so the result does not depend on when the binding writes the value.
    /// </summary>
    private Func<T, string?> ValidatorFor<T>(string field)
    {
        if (_validators.TryGetValue(field, out object? cached))
        {
            return (Func<T, string?>)cached;
        }

        PropertyInfo property = FormPropertyOf(field);
        Func<T, string?> validator = value =>
        {
            ExperimentForm candidate = Form.Clone();
            property.SetValue(candidate, value);
            return ExperimentFormMessages.For(candidate, field);
        };
        _validators[field] = validator;
        return validator;
    }

    private static PropertyInfo FormPropertyOf(string field) =>
        typeof(ExperimentForm).GetProperty(field + "Text")
            ?? typeof(ExperimentForm).GetProperty(field)
            ?? throw new ArgumentException($"ExperimentForm has no property for the setting {field}.", nameof(field));
}
