using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Training.Attacks;

/// <summary>The run's malicious clients, chosen once by the seed, and what each does to its training and update.</summary>
/// <remarks>
/// The malicious clients are the first ⌊f·K⌋ of the client indices shuffled with
/// <c>SeededRandom(seed, RandomStreams.Attackers)</c>. Label flip trains on y → C − 1 − y and sends its update
/// as it is. Sign flip trains honestly and sends −Δ. Gaussian skips training and sends Δ ~ N(0, σ²) per
/// coordinate from <c>SeededRandom(seed, RandomStreams.AttackNoise, round, client)</c>. Scaling trains on
/// flipped labels and sends γ·Δ (model replacement, Bagdasaryan et al. 2020).
/// </remarks>
internal sealed class AttackModel
{
    private readonly bool[] _malicious;
    private readonly AttackKind _attack;
    private readonly float _boost;
    private readonly double _noiseStd;

    private AttackModel(bool[] malicious, AttackKind attack, float boost, double noiseStd, int maliciousCount)
    {
        _malicious = malicious;
        _attack = attack;
        _boost = boost;
        _noiseStd = noiseStd;
        MaliciousCount = maliciousCount;
    }

    /// <summary>Number of malicious clients in the run.</summary>
    public int MaliciousCount { get; }

    /// <summary>Chooses ⌊f·K⌋ malicious clients for <see cref="ExperimentConfig.Attack"/>; none when the attack is None.</summary>
    public static AttackModel Create(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var malicious = new bool[config.Clients];
        int count = config.Attack == AttackKind.None ? 0 : MaliciousClientCount(config.MaliciousFraction, config.Clients);
        if (count > 0)
        {
            int[] clients = Enumerable.Range(0, config.Clients).ToArray();
            new SeededRandom(config.Seed, RandomStreams.Attackers).Shuffle(clients.AsSpan());
            foreach (int client in clients.AsSpan(0, count))
            {
                malicious[client] = true;
            }
        }

        return new AttackModel(malicious, config.Attack, (float)config.AttackBoost, config.AttackNoiseStd, count);
    }

    /// <summary>
    /// Returns ⌊f·K⌋, clamped to [0, K]. A tolerance of 1e-9 absorbs binary rounding, so that f = 0.29 and
    /// K = 100 give 29 although 0.29·100 evaluates to 28.999999999999996 in double arithmetic.
    /// </summary>
    public static int MaliciousClientCount(double fraction, int clients) =>
        (int)Math.Clamp(Math.Floor((fraction * clients) + 1e-9), 0, clients);

    /// <summary>Whether <paramref name="client"/> is malicious.</summary>
    public bool IsMalicious(int client) => _malicious[client];

    /// <summary>Whether the client trains on flipped labels (label-flip and scaling attackers).</summary>
    public bool FlipsLabels(int client) =>
        _malicious[client] && (_attack is AttackKind.LabelFlip or AttackKind.Scaling);

    /// <summary>Whether the client sends an update without training (the Gaussian attacker).</summary>
    public bool SkipsTraining(int client) => _malicious[client] && _attack == AttackKind.Gaussian;

    /// <summary>
    /// Applies the client's attack to its delta Δ_k = θ_k − θ in place: negates it, boosts it, or replaces it by
    /// noise. Does nothing for an honest client. Deterministic for a given seed, round and client.
    /// </summary>
    public void Tamper(Span<float> delta, int seed, int round, int client)
    {
        if (!_malicious[client])
        {
            return;
        }

        switch (_attack)
        {
            case AttackKind.SignFlip:
                foreach (ref float value in delta)
                {
                    value = -value;
                }

                break;

            case AttackKind.Scaling:
                foreach (ref float value in delta)
                {
                    value *= _boost;
                }

                break;

            case AttackKind.Gaussian:
                var random = new SeededRandom(seed, RandomStreams.AttackNoise, round, client);
                foreach (ref float value in delta)
                {
                    value = (float)(_noiseStd * random.NextGaussian());
                }

                break;
        }
    }
}
