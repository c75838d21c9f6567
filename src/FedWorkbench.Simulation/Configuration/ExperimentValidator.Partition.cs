namespace FedWorkbench.Simulation.Configuration;

public static partial class ExperimentValidator
{
    // TODO: partition helper.
    private static void ValidatePartitionSettings(ExperimentConfig config, Action<string, string> add)
    {
    }

}
