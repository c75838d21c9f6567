namespace FedWorkbench.Simulation.Configuration;

public static partial class ExperimentValidator
{
    // TODO: privacy helper.
    private static void ValidatePrivacy(ExperimentConfig config, Action<string, string> add)
    {
    }
}
