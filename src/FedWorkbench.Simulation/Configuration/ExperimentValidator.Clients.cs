namespace FedWorkbench.Simulation.Configuration;

public static partial class ExperimentValidator
{
    // TODO: client helper.
    private static void ValidateLocalTraining(ExperimentConfig config, Action<string, string> add)
    {
    }

    // TODO: client helper.
    private static void ValidateClientBehavior(ExperimentConfig config, Action<string, string> add)
    {
    }

    // TODO: client helper.
    private static void ValidateCommunication(ExperimentConfig config, Action<string, string> add)
    {
    }

}
