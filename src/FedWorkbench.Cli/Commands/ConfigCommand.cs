using System.CommandLine;
using FedWorkbench.Cli.Options;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Commands;

/// <summary>
/// <c>fedwb config</c>: writes the experiment file that <c>fedwb run</c> would use with the same options, so that
/// the file format can be discovered and a configuration saved for <c>--config</c> or the web app's import.
/// </summary>
internal static class ConfigCommand
{
    /// <summary>Creates the command, which writes the JSON to <paramref name="output"/> unless --output is given.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var experiment = new ExperimentOptions();
        var outputFile = new Option<string?>("--output", "-o")
        {
            Description = "File to write the experiment JSON to instead of standard output. An existing file is replaced.",
            HelpName = "FILE",
        };

        var command = new Command(
            "config",
            "Print the experiment JSON for the given options (the defaults when none are given). 'fedwb run --config FILE' reads it.");
        experiment.AddTo(command);
        command.Add(outputFile);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            ExperimentBuildResult build = ExperimentConfigBuilder.Build(parseResult, experiment);
            if (!build.Succeeded)
            {
                return ErrorWriter.Write(error, build.Errors);
            }

            string json = ExperimentJson.Serialize(build.Config!) + Environment.NewLine;
            string? path = parseResult.GetValue(outputFile);
            if (path is null)
            {
                await output.WriteAsync(json);
                return ExitCodes.Success;
            }

            try
            {
                await File.WriteAllTextAsync(path, json, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return ErrorWriter.Write(error, [$"--output: cannot write '{path}': {ex.Message}"]);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
