namespace FedWorkbench.Cli;

/// <summary>Process exit codes of <c>fedwb</c>.</summary>
internal static class ExitCodes
{
    /// <summary>The command finished.</summary>
    public const int Success = 0;

    /// <summary>The run started but failed, for example because the dataset files are missing or corrupt.</summary>
    public const int RunFailed = 1;

    /// <summary>An option, option value or experiment file is invalid, so nothing ran.</summary>
    public const int InvalidOptions = 2;

    /// <summary>Ctrl+C or SIGTERM cancelled the run. The value is 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;
}
