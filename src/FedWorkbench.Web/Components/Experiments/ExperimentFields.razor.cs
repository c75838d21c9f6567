using System.Reflection;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace FedWorkbench.Web.Components.Experiments;

/// <summary>
/// Inputs for every <see cref="ExperimentConfig"/> setting, each with its help text. Numbers are text inputs that
/// <see cref="ExperimentForm"/> parses, so each input shows either the parse error of its text or the
/// <see cref="ExperimentValidator"/> message for its value.
/// </summary>
public partial class ExperimentFields
{
    private static readonly string DatasetHelp =
        "Fashion-MNIST: 28×28 clothing images in 10 classes. Synthetic(α, β): generated, needs no files.";

    private static readonly string DirichletAlphaHelp =
        $"From {ExperimentLimits.MinDirichletAlpha} to {ExperimentLimits.MaxDirichletAlpha:N0}; smaller values give more label skew.";

    private static readonly string HiddenLayersHelp =
        $"ReLU layer widths separated by commas: 1 to {ExperimentLimits.MaxHiddenLayers} layers of 1 to {ExperimentLimits.MaxHiddenWidth:N0} units.";

    private static readonly string LocalEpochsHelp = $"Passes over each client's data per round, 1 to {ExperimentLimits.MaxLocalEpochs}.";

    private static readonly string BatchSizeHelp = $"Samples per local SGD step, 1 to {ExperimentLimits.MaxBatchSize:N0}.";

    private static readonly string LearningRateHelp =
        $"Local SGD step size, in (0, {ExperimentLimits.MaxLearningRate:0.##}]. Values from 0.01 to 0.1 usually work.";

    private static readonly string RoundsHelp = $"Federated rounds, 1 to {ExperimentLimits.MaxRounds:N0}.";

    // The name input redraws its own counter on every key, but commits the value, which re-renders and revalidates
    // the whole form, only after this pause in typing or when the input loses focus.
    private const int NameDebounceMilliseconds = 300;

    // inputmode values that ask mobile browsers for a digit keyboard; desktop keyboards are unaffected.
    private const InputMode WholeNumberKeyboard = InputMode.numeric;
    private const InputMode DecimalKeyboard = InputMode.@decimal;

    private readonly Dictionary<string, object> _validators = new(StringComparer.Ordinal);
    private MudForm? _mudForm;

    /// <summary>Values being edited. The component writes user input into it.</summary>
    [Parameter, EditorRequired]
    public ExperimentForm Form { get; set; } = default!;

    /// <summary>Raised after any value in <see cref="Form"/> changed.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    /// <summary>Validates every visible input and shows its message, including inputs the user has not touched.</summary>
    public Task ValidateAsync() => _mudForm?.ValidateAsync() ?? Task.CompletedTask;

    // The training-sample count of the chosen dataset bounds how many clients a partition can serve.
    private string ClientsHelp => ExperimentHelpText.Clients(Form.Dataset);

    private Task NotifyChangedAsync() => Changed.InvokeAsync();

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
            return candidate.ToConfig().Errors.For(field);
        };
        _validators[field] = validator;
        return validator;
    }

    private static PropertyInfo FormPropertyOf(string field) =>
        typeof(ExperimentForm).GetProperty(field + "Text")
            ?? typeof(ExperimentForm).GetProperty(field)
            ?? throw new ArgumentException($"ExperimentForm has no property for the setting {field}.", nameof(field));
}
