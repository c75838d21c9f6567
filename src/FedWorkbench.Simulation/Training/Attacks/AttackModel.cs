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
/// With client groups, each group g with an attack chooses its own ⌊f_g·K_g⌋ malicious clients: the first of its
/// client indices shuffled with <c>SeededRandom(seed, RandomStreams.Attackers, g)</c> for g ≥ 1, and with the
/// stream above for group 0. They attack with the group's kind, boost and noise.
/// </remarks>
internal sealed class AttackModel
{
    private readonly bool[] _malicious;
    private readonly AttackKind[] _attack;
    private readonly float[] _boost;
    private readonly double[] _noiseStd;

    private AttackModel(bool[] malicious, AttackKind[] attack, float[] boost, double[] noiseStd, int maliciousCount)
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
    public static AttackModel Create(ExperimentConfig config) => Create(config, ClientPopulation.Create(config));

    /// <summary>
    /// Chooses the malicious clients of every group of <paramref name="population"/>: ⌊f_g·K_g⌋ in a group whose
    /// attack is not None, none in the others.
    /// </summary>
    public static AttackModel Create(ExperimentConfig config, ClientPopulation population)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(population);
        int clientCount = population.ClientCount;
        var malicious = new bool[clientCount];
        var attack = new AttackKind[clientCount];
        var boost = new float[clientCount];
        var noiseStd = new double[clientCount];
        int total = 0;
        for (int group = 0; group < population.Groups.Count; group++)
        {
            ClientGroupConfig settings = population.Groups[group];
            int first = population.FirstClientOf(group);
            attack.AsSpan(first, settings.Count).Fill(settings.Attack);
            boost.AsSpan(first, settings.Count).Fill((float)settings.AttackBoost);
            noiseStd.AsSpan(first, settings.Count).Fill(settings.AttackNoiseStd);

            int count = settings.Attack == AttackKind.None ? 0 : MaliciousClientCount(settings.MaliciousFraction, settings.Count);
            if (count == 0)
            {
                continue;
            }

            // Group 0 uses the stream of a run without groups, so one group of all clients chooses the same attackers.
            int[] clients = Enumerable.Range(first, settings.Count).ToArray();
            SeededRandom random = group == 0
                ? new SeededRandom(config.Seed, RandomStreams.Attackers)
                : new SeededRandom(config.Seed, RandomStreams.Attackers, group);
            random.Shuffle(clients.AsSpan());
            foreach (int client in clients.AsSpan(0, count))
            {
                malicious[client] = true;
            }

            total += count;
        }

        return new AttackModel(malicious, attack, boost, noiseStd, total);
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
        _malicious[client] && (_attack[client] is AttackKind.LabelFlip or AttackKind.Scaling);

    /// <summary>Whether the client sends an update without training (the Gaussian attacker).</summary>
    public bool SkipsTraining(int client) => _malicious[client] && _attack[client] == AttackKind.Gaussian;

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

        switch (_attack[client])
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
                    value *= _boost[client];
                }

                break;

            case AttackKind.Gaussian:
                var random = new SeededRandom(seed, RandomStreams.AttackNoise, round, client);
                foreach (ref float value in delta)
                {
                    value = (float)(_noiseStd[client] * random.NextGaussian());
                }

                break;
        }
    }
}
