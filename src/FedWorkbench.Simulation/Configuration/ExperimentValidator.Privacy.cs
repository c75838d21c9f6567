using FedWorkbench.Simulation.Privacy;
using FedWorkbench.Simulation.Privacy.SecureAggregation;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Configuration;

public static partial class ExperimentValidator
{
    /// <summary>Largest clip norm S accepted, far above the usual range of 0.1 to 10.</summary>
    private const double MaxClipNorm = 1e6;

    /// <summary>Largest noise multiplier z accepted, far above the usual range of 0.5 to 2.</summary>
    private const double MaxNoiseMultiplier = 1e3;

    private static void ValidatePrivacy(ExperimentConfig config, Action<string, string> add)
    {
        if (!Enum.IsDefined(config.Sampling))
        {
            add(nameof(config.Sampling), $"Sampling {(int)config.Sampling} is unknown; choose {string.Join(", ", ExperimentNames.All<ClientSamplingKind>())}.");
        }
        else if (config.Sampling == ClientSamplingKind.Poisson && config.OverSelection > 0)
        {
            add(nameof(config.OverSelection),
                $"Over-selection {Format(config.OverSelection)} needs fixed sampling, because Poisson sampling awaits every sampled client; set over-selection to 0 or use fixed sampling.");
        }

        if (!Enum.IsDefined(config.RoundFailures))
        {
            add(nameof(config.RoundFailures),
                $"Round failure policy {(int)config.RoundFailures} is unknown; choose {string.Join(", ", ExperimentNames.All<RoundFailurePolicy>())}.");
        }

        bool mechanismKnown = Enum.IsDefined(config.DifferentialPrivacy);
        if (!mechanismKnown)
        {
            add(nameof(config.DifferentialPrivacy),
                $"Differential privacy {(int)config.DifferentialPrivacy} is unknown; choose {string.Join(", ", ExperimentNames.All<DifferentialPrivacyKind>())}.");
        }
        else if (config.DifferentialPrivacy != DifferentialPrivacyKind.None)
        {
            ValidateDifferentialPrivacy(config, add);
        }
        else if (config.TargetEpsilon is not null)
        {
            add(nameof(config.TargetEpsilon),
                $"Target ε {Format(config.TargetEpsilon.Value)} needs differential privacy; choose central, central-adaptive or client, or {ClearValueAdvice}.");
        }

        if (config.SecureAggregation && mechanismKnown)
        {
            ValidateSecureAggregation(config, add);
        }
    }

    private static void ValidateDifferentialPrivacy(ExperimentConfig config, Action<string, string> add)
    {
        DifferentialPrivacyKind mechanism = config.DifferentialPrivacy;
        string name = ExperimentNames.Of(mechanism);
        if (!(config.ClipNorm > 0 && config.ClipNorm <= MaxClipNorm))
        {
            add(nameof(config.ClipNorm),
                $"Clip norm {Format(config.ClipNorm)} is outside (0, {Format(MaxClipNorm)}]; enter the L2 norm to clip each update to, for example 1.");
        }

        if (!(config.Delta > 0 && config.Delta < 1))
        {
            add(nameof(config.Delta),
                $"δ {Format(config.Delta)} is outside (0, 1); enter a value well below 1/K, for example 1e-5.");
        }

        if (mechanism == DifferentialPrivacyKind.Local)
        {
            if (!(config.LocalEpsilon > 0 && double.IsFinite(config.LocalEpsilon)))
            {
                add(nameof(config.LocalEpsilon),
                    $"Local ε {Format(config.LocalEpsilon)} must be a positive number; enter for example 1 for each client's per-round guarantee.");
            }

            if (config.TargetEpsilon is not null)
            {
                add(nameof(config.TargetEpsilon),
                    $"Target ε applies to central and client DP; local DP is calibrated by the local ε, so {ClearValueAdvice}.");
            }
        }
        else
        {
            ValidateServerNoise(config, add);
            if (config.Aggregation != AggregationKind.Mean && Enum.IsDefined(config.Aggregation))
            {
                add(nameof(config.Aggregation),
                    $"The {ExperimentNames.Of(config.Aggregation)} aggregation cannot be combined with {name} DP, whose noise is calibrated to the sum of clipped updates; choose the mean aggregation.");
            }
        }

        if (config.Strategy is StrategyKind.FedNova or StrategyKind.Scaffold)
        {
            add(nameof(config.Strategy),
                $"Strategy {ExperimentNames.Of(config.Strategy)} cannot be combined with {name} DP, because it sends or weights more than the clipped update; choose fedavg, fedavgm, fedprox, fedadagrad, fedadam or fedyogi.");
        }
    }

    private static void ValidateServerNoise(ExperimentConfig config, Action<string, string> add)
    {
        // −0 compares equal to 0 but is a sign error, and positive values below the accountant's minimum would
        // stall it in its series.
        bool noiseValid = !double.IsNegative(config.NoiseMultiplier)
            && (config.NoiseMultiplier == 0 || (config.NoiseMultiplier >= RdpAccountant.MinPositiveNoiseMultiplier && config.NoiseMultiplier <= MaxNoiseMultiplier));
        if (config.TargetEpsilon is double target)
        {
            if (!(target > 0 && double.IsFinite(target)))
            {
                add(nameof(config.TargetEpsilon),
                    $"Target ε {Format(target)} must be a positive number, for example 8; {ClearValueAdvice} to use the noise multiplier instead.");
            }
            else if (config.DifferentialPrivacy is DifferentialPrivacyKind.Central or DifferentialPrivacyKind.Client
                && config.Delta > 0 && config.Delta < 1 && config.Rounds is >= 1 and <= ExperimentLimits.MaxRounds
                && ClientsPerRoundOrNull(config) is not null)
            {
                // The run computes the noise multiplier from the target at its start; a target no multiplier
                // reaches is better reported before launch. Adaptive clipping checks its target separately.
                try
                {
                    RdpAccountant.NoiseMultiplierFor(PrivacyAccounting.SamplingRateOf(config), target, config.Rounds, config.Delta);
                }
                catch (ExperimentException exception)
                {
                    add(nameof(config.TargetEpsilon), exception.Message);
                }
            }
        }
        else if (!noiseValid)
        {
            add(nameof(config.NoiseMultiplier),
                $"Noise multiplier {Format(config.NoiseMultiplier)} must be 0 or in [{Format(RdpAccountant.MinPositiveNoiseMultiplier)}, {Format(MaxNoiseMultiplier)}]; 0 adds no noise and gives no guarantee, about 1 is typical.");
        }

        if (config.DifferentialPrivacy != DifferentialPrivacyKind.CentralAdaptive)
        {
            return;
        }

        if (!(config.ClipQuantile > 0 && config.ClipQuantile < 1))
        {
            add(nameof(config.ClipQuantile),
                $"Clip quantile γ {Format(config.ClipQuantile)} is outside (0, 1); 0.5 clips to about the median update norm.");
        }

        if (!(config.ClipLearningRate > 0 && config.ClipLearningRate <= 10))
        {
            add(nameof(config.ClipLearningRate),
                $"Clip learning rate η_C {Format(config.ClipLearningRate)} is outside (0, 10]; Andrew et al. use 0.2.");
        }

        if (ClientsPerRoundOrNull(config) is not int clientsPerRound)
        {
            return;
        }

        bool poisson = config.Sampling == ClientSamplingKind.Poisson;
        double expectedClients = poisson ? config.ClientFraction * config.Clients : clientsPerRound;
        if (config.TargetEpsilon is null)
        {
            if (noiseValid && AdaptiveClipping.UpdateNoiseMultiplier(config.NoiseMultiplier, AdaptiveClipping.CountNoiseStd(expectedClients)) is null)
            {
                add(nameof(config.NoiseMultiplier), PrivacyAccounting.AdaptiveNoiseMessage(config.NoiseMultiplier, expectedClients));
            }

            return;
        }

        // A target ε fixes the noise multiplier through the accountant, as the run will at its start.
        if (!(config.TargetEpsilon > 0 && double.IsFinite(config.TargetEpsilon.Value)) || !(config.Delta > 0 && config.Delta < 1)
            || config.Rounds < 1 || config.Rounds > ExperimentLimits.MaxRounds)
        {
            return;
        }

        double noiseMultiplier;
        try
        {
            noiseMultiplier = RdpAccountant.NoiseMultiplierFor(PrivacyAccounting.SamplingRateOf(config), config.TargetEpsilon.Value, config.Rounds, config.Delta);
        }
        catch (ExperimentException exception)
        {
            add(nameof(config.TargetEpsilon), exception.Message);
            return;
        }

        if (AdaptiveClipping.UpdateNoiseMultiplier(noiseMultiplier, AdaptiveClipping.CountNoiseStd(expectedClients)) is null)
        {
            add(nameof(config.TargetEpsilon), PrivacyAccounting.AdaptiveNoiseMessage(noiseMultiplier, expectedClients, config.TargetEpsilon));
        }
    }

    private static void ValidateSecureAggregation(ExperimentConfig config, Action<string, string> add)
    {
        if (!(config.SecureAggregationThreshold > 0 && config.SecureAggregationThreshold <= 1))
        {
            add(nameof(config.SecureAggregationThreshold),
                $"Secure aggregation threshold {Format(config.SecureAggregationThreshold)} is outside (0, 1]; enter the fraction of selected clients that must report, for example 0.6.");
        }

        if (config.DifferentialPrivacy is DifferentialPrivacyKind.Central or DifferentialPrivacyKind.CentralAdaptive)
        {
            add(nameof(config.SecureAggregation),
                $"Secure aggregation cannot be combined with {ExperimentNames.Of(config.DifferentialPrivacy)} DP, because the server cannot clip updates it cannot see; use client DP, where clients clip before masking.");
        }

        if (config.Aggregation != AggregationKind.Mean && Enum.IsDefined(config.Aggregation))
        {
            add(nameof(config.Aggregation),
                $"Secure aggregation reveals only the sum of the updates, so it cannot use the {ExperimentNames.Of(config.Aggregation)} aggregation; choose the mean.");
        }

        if (config.Strategy is StrategyKind.FedNova or StrategyKind.Scaffold)
        {
            add(nameof(config.Strategy),
                $"Secure aggregation reveals only the weighted sum of the updates, which strategy {ExperimentNames.Of(config.Strategy)} cannot use; choose fedavg, fedavgm, fedprox, fedadagrad, fedadam or fedyogi.");
        }

        ValidateSecureAggregationMemory(config, add);
        ValidateSecureAggregationClients(config, add);

        if (config.Compression != CompressionKind.None && Enum.IsDefined(config.Compression))
        {
            add(nameof(config.Compression),
                $"Secure aggregation sends masked values that look random and do not compress, so it cannot use {ExperimentNames.Of(config.Compression)} compression; choose none.");
        }
    }

    /// <summary>
    /// Rejects rounds whose secure-aggregation inputs exceed <see cref="ExperimentLimits.MaxClientStateBytes"/>.
    /// The protocol takes every reporting client's vector at once, P + 1 float32 values each, and Poisson sampling
    /// can select all K clients.
    /// </summary>
    /// <summary>
    /// Rejects rounds with more selected clients than the protocol allows: every pair of clients shares keys, so
    /// its cost grows with the square of the clients. Under Poisson sampling the check uses the expected count q·K,
    /// and a round that still selects too many fails and follows <see cref="ExperimentConfig.RoundFailures"/>.
    /// </summary>
    private static void ValidateSecureAggregationClients(ExperimentConfig config, Action<string, string> add)
    {
        if (ClientsPerRoundOrNull(config) is not int clientsPerRound)
        {
            return;
        }

        bool poisson = config.Sampling == ClientSamplingKind.Poisson;
        double overSelection = config.OverSelection is >= 0 and <= ExperimentLimits.MaxOverSelection ? config.OverSelection : 0;
        double selected = poisson
            ? config.ClientFraction * config.Clients
            : Math.Min(config.Clients, Math.Ceiling((clientsPerRound * (1 + overSelection)) - CeilingTolerance));
        if (selected <= SecureAggregationProtocol.MaxSelectedClients)
        {
            return;
        }

        add(nameof(config.SecureAggregation),
            $"Secure aggregation exchanges keys between every pair of a round's clients, so it allows at most {Number(SecureAggregationProtocol.MaxSelectedClients)} " +
            $"selected clients per round, but this experiment {(poisson ? "expects" : "selects")} {Format(Math.Round(selected, 1))}; lower the client fraction or the number of clients.");
    }

    private static void ValidateSecureAggregationMemory(ExperimentConfig config, Action<string, string> add)
    {
        if (ModelParameterCount(config) is not int parameters || ClientsPerRoundOrNull(config) is not int clientsPerRound)
        {
            return;
        }

        bool poisson = config.Sampling == ClientSamplingKind.Poisson;
        int clients = poisson ? config.Clients : clientsPerRound;
        long bytesPerClient = ((long)parameters + 1) * sizeof(float);
        long bytes = clients * bytesPerClient;
        if (bytes <= ExperimentLimits.MaxClientStateBytes)
        {
            return;
        }

        long fitting = ExperimentLimits.MaxClientStateBytes / bytesPerClient;
        string fix = poisson
            ? $"under Poisson sampling any of the {Number(clients)} clients may report in one round, so use at most {Number(fitting)} clients in all, fixed sampling, or a smaller model."
            : $"use at most {Number(fitting)} clients per round or a smaller model.";
        add(nameof(config.SecureAggregation),
            $"Secure aggregation holds the update of every reporting client at once: up to {Number(clients)} clients × " +
            $"{Number(parameters + 1L)} values × 4 bytes = {Number(bytes / (1024 * 1024))} MiB, above the limit of {Number(ExperimentLimits.MaxClientStateBytes / (1024 * 1024))} MiB; " +
            fix);
    }
}
