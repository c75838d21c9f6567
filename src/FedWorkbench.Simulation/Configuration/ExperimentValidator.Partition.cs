using FedWorkbench.Simulation.Data;

namespace FedWorkbench.Simulation.Configuration;

public static partial class ExperimentValidator
{
    /// <summary>Checks the fraction of each client's samples held out from its training.</summary>
    private static void ValidateClientTestFraction(ExperimentConfig config, Action<string, string> add)
    {
        if (!(config.ClientTestFraction >= 0 && config.ClientTestFraction <= ExperimentLimits.MaxClientTestFraction))
        {
            add(nameof(config.ClientTestFraction),
                $"Client test fraction {Format(config.ClientTestFraction)} is outside [0, {Format(ExperimentLimits.MaxClientTestFraction)}]; " +
                "enter for example 0.1 to hold out 10% of each client's samples, or 0 to train on all of them.");
        }
    }

    /// <summary>
    /// Checks the settings of the chosen partition against <see cref="ExperimentLimits"/> and against what the
    /// samples can serve. A setting is only checked when the chosen partition uses it.
    /// </summary>
    /// <param name="samples">Training samples the clients share, or null when the dataset kind is unknown.</param>
    /// <param name="source">Name of those samples in messages, for example "Fashion-MNIST".</param>
    private static void ValidatePartitionSettings(ExperimentConfig config, Action<string, string> add, int? samples, string source)
    {
        switch (config.Partition)
        {
            case PartitionKind.Shards:
                ValidateShards(config, add, samples, source);
                break;
            case PartitionKind.Classes:
                ValidateClasses(config, add, samples, source);
                break;
            case PartitionKind.Quantity:
                ValidateQuantity(config, add);
                break;
            case PartitionKind.FeatureNoise:
                if (!(config.FeatureNoiseSigma >= 0 && config.FeatureNoiseSigma <= ExperimentLimits.MaxFeatureNoiseSigma))
                {
                    add(nameof(config.FeatureNoiseSigma),
                        $"Feature noise σ {Format(config.FeatureNoiseSigma)} is outside [0, {Format(ExperimentLimits.MaxFeatureNoiseSigma)}]; " +
                        "enter for example the default 0.1, which suits features in [0, 1].");
                }

                break;
            case PartitionKind.Natural:
                ValidateNatural(config, add, source);
                break;
        }
    }

    /// <summary>Checks that the natural partition has a table to take the owners from.</summary>
    /// <remarks>The owner count is checked against the client count when the table is split, because only the table has it.</remarks>
    private static void ValidateNatural(ExperimentConfig config, Action<string, string> add, string source)
    {
        if (config.Dataset != DatasetKind.Table)
        {
            add(nameof(config.Partition),
                $"The natural partition makes one client per owner of a table's rows, and {source} names no owners; " +
                "choose another partition, or train on a table with an owner column.");
        }
    }

    private static void ValidateShards(ExperimentConfig config, Action<string, string> add, int? trainCount, string source)
    {
        if (config.ShardsPerClient < 1)
        {
            add(nameof(config.ShardsPerClient), $"Shards per client {config.ShardsPerClient} must be at least 1; McMahan et al. 2017 use 2.");
            return;
        }

        if (trainCount is int samples && config.Clients >= 1
            && (long)config.Clients * config.ShardsPerClient > samples)
        {
            long shards = (long)config.Clients * config.ShardsPerClient;
            add(nameof(config.ShardsPerClient),
                $"{Number(config.Clients)} clients × {Number(config.ShardsPerClient)} shards per client = {Number(shards)} shards, " +
                $"more than the {Number(samples)} training samples of {source}; " +
                $"use at most {Number(Math.Max(1, samples / config.Clients))} shards per client or fewer clients.");
        }
    }

    private static void ValidateClasses(ExperimentConfig config, Action<string, string> add, int? trainCount, string source)
    {
        int? classCount = ClassCount(config.Dataset);
        int maxClasses = classCount ?? int.MaxValue;
        if (config.ClassesPerClient < 1 || config.ClassesPerClient > maxClasses)
        {
            string range = classCount is int count ? $"from 1 to {count}, the number of labels of {DatasetName(config.Dataset)}" : "of at least 1";
            add(nameof(config.ClassesPerClient), $"Classes per client {config.ClassesPerClient} is invalid; enter a number {range}.");
            return;
        }

        // Each client needs at least one sample of each of its k labels. Whether every label has enough samples for
        // the clients that draw it is known only after the draw, so the partition checks that itself.
        if (trainCount is int samples && config.Clients >= 1
            && (long)config.Clients * config.ClassesPerClient > samples)
        {
            add(nameof(config.ClassesPerClient),
                $"{Number(config.Clients)} clients × {config.ClassesPerClient} classes per client = " +
                $"{Number((long)config.Clients * config.ClassesPerClient)} exceeds the {Number(samples)} training samples of " +
                $"{source}, so some client would lack a sample of one of its labels; " +
                "use fewer clients or fewer classes per client.");
        }
    }

    private static void ValidateQuantity(ExperimentConfig config, Action<string, string> add)
    {
        switch (config.QuantitySkew)
        {
            case QuantitySkewKind.Dirichlet:
                if (!(config.QuantityAlpha >= ExperimentLimits.MinDirichletAlpha && config.QuantityAlpha <= ExperimentLimits.MaxDirichletAlpha))
                {
                    add(nameof(config.QuantityAlpha),
                        $"Quantity α {Format(config.QuantityAlpha)} is outside [{Format(ExperimentLimits.MinDirichletAlpha)}, " +
                        $"{Format(ExperimentLimits.MaxDirichletAlpha)}]; smaller values give more unequal client sizes, for example 0.5.");
                }

                break;
            case QuantitySkewKind.PowerLaw:
                if (!(config.PowerLawExponent >= ExperimentLimits.MinPowerLawExponent && config.PowerLawExponent <= ExperimentLimits.MaxPowerLawExponent))
                {
                    add(nameof(config.PowerLawExponent),
                        $"Power-law exponent {Format(config.PowerLawExponent)} is outside [{Format(ExperimentLimits.MinPowerLawExponent)}, " +
                        $"{Format(ExperimentLimits.MaxPowerLawExponent)}]; smaller values give more unequal client sizes, for example 1.5.");
                }

                break;
            default:
                add(nameof(config.QuantitySkew),
                    $"Quantity skew {(int)config.QuantitySkew} is unknown; choose one of {string.Join(", ", ExperimentNames.All<QuantitySkewKind>())}.");
                break;
        }
    }

    /// <summary>Number of labels of a built-in dataset, or null for a kind this version does not know.</summary>
    private static int? ClassCount(DatasetKind dataset) => dataset switch
    {
        DatasetKind.FashionMnist => FashionMnistLoader.ClassNames.Count,
        DatasetKind.Synthetic => SyntheticDataset.ClassCount,
        _ => null,
    };

    private static string DatasetName(DatasetKind dataset) => dataset switch
    {
        DatasetKind.FashionMnist => "Fashion-MNIST",
        DatasetKind.Synthetic => "the synthetic dataset",
        _ => "the table",
    };
}
