namespace FedWorkbench.Simulation.Configuration;

public static partial class ExperimentValidator
{
    // TODO: strategy helper.
    private static void ValidateStrategySettings(ExperimentConfig config, Action<string, string> add)
    {
    }

}
