using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using FedWorkbench.Cli.Commands;

namespace FedWorkbench.Cli;

/// <summary>Entry point of <c>fedwb</c>, callable in-process with any writers (tests pass string writers).</summary>
internal static class CliApplication
{
    /// <summary>How long a cancelled run may take to stop after Ctrl+C before the process exits anyway.</summary>
    private static readonly TimeSpan TerminationTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Builds the command tree whose commands write to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static RootCommand CreateRootCommand(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("fedwb: run federated learning experiments of FedWorkbench from the command line.");
        root.Add(RunCommand.Create(output, error));
        root.Add(ConfigCommand.Create(output, error));
        root.Add(PrivacyCommand.Create(output, error));
        return root;
    }

    /// <summary>
    /// Parses <paramref name="args"/>, runs the chosen command and returns the process exit code (see
    /// <see cref="ExitCodes"/>). Parse errors are written to <paramref name="error"/> without help text or stack
    /// trace. With <paramref name="handleProcessTermination"/> set, Ctrl+C and SIGTERM cancel the command.
    /// </summary>
    public static async Task<int> InvokeAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        bool handleProcessTermination = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        RootCommand root = CreateRootCommand(output, error);
        ParseResult parseResult = root.Parse(args);

        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"fedwb: error: {parseError.Message}");
            }

            await error.WriteLineAsync($"Run '{DescribeCommand(parseResult)} --help' to list the options.");
            return ExitCodes.InvalidOptions;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            ProcessTerminationTimeout = handleProcessTermination ? TerminationTimeout : null,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Returns the full command line of the parsed command, such as "fedwb privacy noise".</summary>
    private static string DescribeCommand(ParseResult parseResult)
    {
        var names = new List<string>();
        for (SymbolResult? result = parseResult.CommandResult; result is CommandResult commandResult; result = result.Parent)
        {
            if (commandResult.Command is not RootCommand)
            {
                names.Insert(0, commandResult.Command.Name);
            }
        }

        return names.Count == 0 ? "fedwb" : $"fedwb {string.Join(' ', names)}";
    }
}
