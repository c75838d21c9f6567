using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training.Attacks;

/// <summary>The run's malicious clients, chosen once by the seed, and what each does to its training and update.</summary>
internal sealed class AttackModel
{
    /// <summary>Chooses ⌊f·K⌋ malicious clients for <see cref="ExperimentConfig.Attack"/>; none when the attack is None.</summary>
    public static AttackModel Create(ExperimentConfig config) => throw new NotImplementedException("TODO: client helper");

    /// <summary>Whether <paramref name="client"/> is malicious.</summary>
    public bool IsMalicious(int client) => throw new NotImplementedException("TODO: client helper");

    /// <summary>Whether the client trains on flipped labels (label-flip and scaling attackers).</summary>
    public bool FlipsLabels(int client) => throw new NotImplementedException("TODO: client helper");

    /// <summary>Whether the client sends an update without training (the Gaussian attacker).</summary>
    public bool SkipsTraining(int client) => throw new NotImplementedException("TODO: client helper");

    /// <summary>
    /// Applies the client's attack to its delta Δ_k = θ_k − θ in place: negates it, boosts it, or replaces it by
    /// noise. Does nothing for an honest client. Deterministic for a given seed, round and client.
    /// </summary>
    public void Tamper(Span<float> delta, int seed, int round, int client) => throw new NotImplementedException("TODO: client helper");
}
