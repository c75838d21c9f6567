using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training.Strategies;

/// <summary>
/// FedProx (Li et al. 2020, "Federated Optimization in Heterogeneous Networks"): FedAvg on the server, while
/// every client minimizes its loss plus μ/2·‖w − w_global‖², which adds μ·(w − w_global) to each gradient.
/// </summary>
internal sealed class FedProxStrategy(ExperimentConfig config, int parameterCount) : FedAvgStrategy(config, parameterCount)
{
    private readonly float _proximalMu = (float)config.ProximalMu;

    /// <inheritdoc/>
    public override ClientTrainingOptions ClientOptions(int client) => new(ProximalMu: _proximalMu);
}
