namespace FedWorkbench.Cli.Tests;

/// <summary>What one in-process invocation of <c>fedwb</c> returned and wrote.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Standard output split into non-empty lines.</summary>
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs <c>fedwb</c> in-process with string writers in place of the console.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> InvokeAsync(params string[] args) => await InvokeAsync(CancellationToken.None, args);

    public static async Task<CliResult> InvokeAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await CliApplication.InvokeAsync(args, output, error, handleProcessTermination: false, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
