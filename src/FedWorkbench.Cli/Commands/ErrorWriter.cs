namespace FedWorkbench.Cli.Commands;

/// <summary>Writes invalid-option messages in the same form as parse errors.</summary>
internal static class ErrorWriter
{
    /// <summary>Writes each message on its own line and returns <see cref="ExitCodes.InvalidOptions"/>.</summary>
    public static int Write(TextWriter error, IEnumerable<string> messages)
    {
        foreach (string message in messages)
        {
            error.WriteLine($"fedwb: error: {message}");
        }

        return ExitCodes.InvalidOptions;
    }
}
