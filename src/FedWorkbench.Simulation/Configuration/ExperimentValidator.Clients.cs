using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Training.Attacks;

namespace FedWorkbench.Simulation.Configuration;

public static partial class ExperimentValidator
{
    private static void ValidateLocalTraining(ExperimentConfig config, Action<string, string> add)
    {
        if (!(config.Momentum >= 0 && config.Momentum < 1))
        {
            add(nameof(config.Momentum),
                $"Momentum {Format(config.Momentum)} is outside [0, 1); enter 0 for plain SGD or for example 0.9.");
        }

        if (!(config.WeightDecay >= 0 && config.WeightDecay <= ExperimentLimits.MaxWeightDecay))
        {
            add(nameof(config.WeightDecay),
                $"Weight decay {Format(config.WeightDecay)} is outside [0, {Format(ExperimentLimits.MaxWeightDecay)}]; enter 0 for none or a small value such as 0.0001.");
        }
    }

    /// <summary>Checks the dropout probability, the medians and spreads of compute speed and bandwidth, and the attack.</summary>
    private static void ValidateReliabilityAndAttack(ExperimentConfig config, Action<string, string> add)
    {
        if (!(config.Dropout >= 0 && config.Dropout < 1))
        {
            add(nameof(config.Dropout),
                $"Dropout probability {Format(config.Dropout)} is outside [0, 1); enter 0 for reliable clients or for example 0.1.");
        }

        if (!(config.ComputeSpeedMedian >= ExperimentLimits.MinComputeSpeed && config.ComputeSpeedMedian <= ExperimentLimits.MaxComputeSpeed))
        {
            add(nameof(config.ComputeSpeedMedian),
                $"Median compute speed {Format(config.ComputeSpeedMedian)} samples per second is outside [{Format(ExperimentLimits.MinComputeSpeed)}, {Format(ExperimentLimits.MaxComputeSpeed)}]; the default is 1000.");
        }

        if (!(config.BandwidthMedianMbps >= ExperimentLimits.MinBandwidthMbps && config.BandwidthMedianMbps <= ExperimentLimits.MaxBandwidthMbps))
        {
            add(nameof(config.BandwidthMedianMbps),
                $"Median bandwidth {Format(config.BandwidthMedianMbps)} Mbit/s is outside [{Format(ExperimentLimits.MinBandwidthMbps)}, {Format(ExperimentLimits.MaxBandwidthMbps)}]; the default is 10.");
        }

        CheckSpread(add, nameof(config.ComputeSpeedSpread), "Compute speed spread", config.ComputeSpeedSpread);
        CheckSpread(add, nameof(config.BandwidthSpread), "Bandwidth spread", config.BandwidthSpread);
        ValidateAttack(config, add);
    }

    private static void ValidateClientBehavior(ExperimentConfig config, Action<string, string> add)
    {
        if (config.RoundDeadlineSeconds is double deadline
            && !(deadline > 0 && deadline <= ExperimentLimits.MaxRoundDeadlineSeconds))
        {
            add(nameof(config.RoundDeadlineSeconds),
                $"Round deadline {Format(deadline)} s is outside (0, {Number((long)ExperimentLimits.MaxRoundDeadlineSeconds)}]; {ClearValueAdvice} to wait for every client.");
        }

        if (!(config.OverSelection >= 0 && config.OverSelection <= ExperimentLimits.MaxOverSelection))
        {
            add(nameof(config.OverSelection),
                $"Over-selection {Format(config.OverSelection)} is outside [0, {Format(ExperimentLimits.MaxOverSelection)}]; enter 0 to sample exactly the clients a round needs, or for example 0.3 for 30% more.");
        }
    }

    private static void ValidateAttack(ExperimentConfig config, Action<string, string> add)
    {
        if (!Enum.IsDefined(config.Attack))
        {
            add(nameof(config.Attack),
                $"Attack {(int)config.Attack} is unknown; choose {string.Join(", ", ExperimentNames.All<AttackKind>())}.");
            return;
        }

        if (config.Attack == AttackKind.None)
        {
            return;
        }

        if (!(config.MaliciousFraction >= 0 && config.MaliciousFraction <= 1))
        {
            add(nameof(config.MaliciousFraction),
                $"Malicious fraction {Format(config.MaliciousFraction)} is outside [0, 1]; enter for example 0.2 for 20% of the clients.");
        }
        else if (config.Clients >= 1 && AttackModel.MaliciousClientCount(config.MaliciousFraction, config.Clients) < 1)
        {
            add(nameof(config.MaliciousFraction),
                $"Malicious fraction {Format(config.MaliciousFraction)} of {Number(config.Clients)} clients gives no malicious client for the {ExperimentNames.Of(config.Attack)} attack; " +
                $"enter at least {Format(1.0 / config.Clients)}, or choose attack none.");
        }

        if (config.Attack == AttackKind.Scaling
            && !(config.AttackBoost > 0 && config.AttackBoost <= ExperimentLimits.MaxAttackBoost))
        {
            add(nameof(config.AttackBoost),
                $"Attack boost {Format(config.AttackBoost)} is outside (0, {Format(ExperimentLimits.MaxAttackBoost)}]; model replacement uses about the number of clients per round, for example 10.");
        }

        if (config.Attack == AttackKind.Gaussian
            && !(config.AttackNoiseStd > 0 && config.AttackNoiseStd <= ExperimentLimits.MaxAttackNoiseStd))
        {
            add(nameof(config.AttackNoiseStd),
                $"Attack noise standard deviation {Format(config.AttackNoiseStd)} is outside (0, {Format(ExperimentLimits.MaxAttackNoiseStd)}]; the default is 1.");
        }
    }

    private static void ValidateCommunication(ExperimentConfig config, Action<string, string> add)
    {
        if (!Enum.IsDefined(config.InvalidUpdates))
        {
            add(nameof(config.InvalidUpdates),
                $"Invalid update policy {(int)config.InvalidUpdates} is unknown; choose {string.Join(", ", ExperimentNames.All<InvalidUpdatePolicy>())}.");
        }

        if (!Enum.IsDefined(config.Compression))
        {
            add(nameof(config.Compression),
                $"Compression {(int)config.Compression} is unknown; choose {string.Join(", ", ExperimentNames.All<CompressionKind>())}.");
            return;
        }

        if (config.Compression != CompressionKind.TopK)
        {
            return;
        }

        if (!(config.TopKFraction > 0 && config.TopKFraction <= 1))
        {
            add(nameof(config.TopKFraction),
                $"Top-k fraction {Format(config.TopKFraction)} is outside (0, 1]; enter for example 0.01 to send 1% of the coordinates.");
        }
    }

    private static void CheckSpread(Action<string, string> add, string field, string label, double value)
    {
        if (!(value >= 0 && value <= ExperimentLimits.MaxSystemSpread))
        {
            add(field,
                $"{label} {Format(value)} is outside [0, {Format(ExperimentLimits.MaxSystemSpread)}]; enter 0 to give every client the median, or for example 0.5.");
        }
    }
}
