using System.CommandLine;
using System.Text.Json;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Options;

/// <summary>The experiment the options describe, or the reasons it cannot run.</summary>
/// <param name="Config">The validated experiment, or null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Messages for the user, each naming the option or file to fix.</param>
internal sealed record ExperimentBuildResult(ExperimentConfig? Config, IReadOnlyList<string> Errors)
{
    /// <summary>Whether <see cref="Config"/> is set and valid.</summary>
    public bool Succeeded => Config is not null;
}

/// <summary>
/// Turns parsed <see cref="ExperimentOptions"/> into a validated <see cref="ExperimentConfig"/>: starts from the
/// <c>--config</c> file or the defaults, applies each option given on the command line, then runs
/// <see cref="ExperimentValidator"/> and names the option behind every invalid setting.
/// </summary>
internal static partial class ExperimentConfigBuilder
{
    /// <summary>
    /// Builds and validates the experiment described by <paramref name="parseResult"/>. <paramref name="adjust"/>, when
    /// given, changes the experiment after the options apply and before it is validated.
    /// </summary>
    public static ExperimentBuildResult Build(ParseResult parseResult, ExperimentOptions options, Func<ExperimentConfig, ExperimentConfig>? adjust = null)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(options);

        string? configPath = parseResult.GetValue(options.Config);
        ExperimentConfig baseline;
        if (configPath is null)
        {
            baseline = new ExperimentConfig();
        }
        else if (!TryReadConfigFile(configPath, out baseline, out string? fileError))
        {
            return new ExperimentBuildResult(null, [fileError]);
        }

        ExperimentConfig config = ApplyOverrides(baseline, parseResult, options);
        if (!TryApplyStrategyChoice(ref config, parseResult, options, out string? strategyError))
        {
            return new ExperimentBuildResult(null, [strategyError]);
        }

        if (adjust is not null)
        {
            config = adjust(config);
        }

        IReadOnlyList<ValidationError> validationErrors = ExperimentValidator.Validate(config);
        if (validationErrors.Count == 0)
        {
            return new ExperimentBuildResult(config, []);
        }

        var messages = validationErrors
            .Select(e => $"{DescribeSource(e.Field, parseResult, options, configPath)}: {AdaptMessage(e, options)}")
            .ToList();
        return new ExperimentBuildResult(null, messages);
    }

    /// <summary>
    /// Names where an invalid value came from: the option when it was given on the command line, otherwise the
    /// experiment file's property (with the option that can override it), otherwise the option whose default it is.
    /// </summary>
    private static string DescribeSource(string field, ParseResult parseResult, ExperimentOptions options, string? configPath)
    {
        Option? option = options.ForField(field);
        if (field == nameof(ExperimentConfig.TrimFraction) && IsGiven(parseResult, options.Beta))
        {
            option = options.Beta;
        }

        bool givenOnCommandLine = option is not null && parseResult.GetResult(option) is { Implicit: false };
        if (givenOnCommandLine || configPath is null)
        {
            return option?.Name ?? field;
        }

        // A client group's field, such as ClientGroups[0].DirichletAlpha, is camelCased segment by segment.
        string property = string.Join('.', field.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
        return option is null
            ? $"\"{property}\" in {configPath}"
            : $"\"{property}\" in {configPath} (override with {option.Name})";
    }

    /// <summary>
    /// Rewrites the validator's advice to leave a setting empty, which suits the web form, as the command-line way to
    /// clear it: <c>use --deadline none</c>. The rest of the message stays the validator's.
    /// </summary>
    private static string AdaptMessage(ValidationError error, ExperimentOptions options)
    {
        Option? option = options.ForField(error.Field);
        if (option is not (Option<NullableSetting<double>?> or Option<NullableSetting<int>?>))
        {
            return error.Message;
        }

        return error.Message.Replace(ExperimentValidator.ClearValueAdvice, $"use {option.Name} {OptionParsers.NoneToken}", StringComparison.Ordinal);
    }

    private static bool TryReadConfigFile(string path, out ExperimentConfig config, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        config = new ExperimentConfig();
        error = null;
        string json;
        try
        {
            var file = new FileInfo(path);
            if (Directory.Exists(path))
            {
                error = $"--config: '{path}' is a folder; give the path of an experiment file such as experiment.json.";
                return false;
            }

            if (!file.Exists)
            {
                error = $"--config: the experiment file '{path}' does not exist. Write one with 'fedwb config > experiment.json'.";
                return false;
            }

            // Check the size before reading, so that a device or huge file is rejected instead of read whole.
            if (file.Length > ExperimentJson.MaxFileBytes)
            {
                error = $"--config: the experiment file '{path}' is {file.Length:N0} bytes long, over the limit of {ExperimentJson.MaxFileBytes:N0}.";
                return false;
            }

            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"--config: cannot read the experiment file '{path}': {ex.Message}";
            return false;
        }

        try
        {
            config = ExperimentJson.Deserialize(json);
            return true;
        }
        catch (ExperimentException ex)
        {
            error = $"--config: {path}: {ex.Message}";
            return false;
        }
    }
}
