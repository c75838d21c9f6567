using System.Globalization;
using System.Reflection;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Randomness;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace FedWorkbench.Data.Baselines;

/// <summary>
/// The ML.NET baselines: each fits a trainer on a view of the training split, or of a seeded subsample of it, and
/// scores the whole test split with ML.NET's multiclass evaluator.
/// </summary>
internal static class MLNetBaseline
{
    /// <summary>Stream id of the training subsample's random draws.</summary>
    internal const long SubsampleStream = RandomStreams.BaselineSubsample;

    // L-BFGS settings: ML.NET 6.0.0's defaults, apart from the single thread.
    private const float MaximumEntropyL1 = 1;
    private const float MaximumEntropyL2 = 1;
    private const float MaximumEntropyTolerance = 1e-7f;
    private const int MaximumEntropyHistorySize = 20;

    // LightGBM settings: LightGBM's own documented defaults, which ML.NET would otherwise replace by heuristics
    // that depend on the number of rows.
    private const int LightGbmIterations = 100;
    private const int LightGbmLeaves = 31;
    private const int LightGbmMinimumSamplesPerLeaf = 20;
    private const double LightGbmLearningRate = 0.1;
    private const int LightGbmMaximumBins = 255;

    /// <summary>Fits <paramref name="kind"/>, an ML.NET kind, and returns its scores on the test split.</summary>
    public static BaselineScore Train(BaselineKind kind, Dataset dataset, BaselineSettings settings, CancellationToken cancellationToken)
    {
        int[] trainingSamples = ChooseTrainingSamples(dataset.Train.Count, settings.MaxTrainingSamples, settings.Seed);
        var trainingData = new SplitDataView(dataset.Train, trainingSamples, dataset.ClassCount, cancellationToken);
        var testData = new SplitDataView(dataset.Test, Enumerable.Range(0, dataset.Test.Count).ToArray(), dataset.ClassCount, cancellationToken);
        var ml = new MLContext(settings.Seed);

        (IEstimator<ITransformer> trainer, string trainerDescription) = kind switch
        {
            BaselineKind.MaximumEntropy => MaximumEntropy(ml),
            BaselineKind.LightGbm => LightGbm(ml, settings.Seed),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an ML.NET baseline."),
        };

        ITransformer model;
        MulticlassClassificationMetrics metrics;
        try
        {
            model = Fit(kind, trainer, trainingData);
            cancellationToken.ThrowIfCancellationRequested();
            metrics = ml.MulticlassClassification.Evaluate(model.Transform(testData));
        }
        catch (InvalidOperationException) when (cancellationToken.IsCancellationRequested)
        {
            // ML.NET's parallel cursors wrap the data view's cancellation in an error of their own.
            throw new OperationCanceledException(cancellationToken);
        }

        CheckEveryTestSampleScored(metrics, dataset.Test.Count);

        string description = string.Create(
            CultureInfo.InvariantCulture,
            $"ML.NET {MLNetVersion()} {trainerDescription}, seed {settings.Seed}, {TrainingSamplesText(trainingSamples.Length, dataset.Train.Count, settings.Seed)}");
        return new BaselineScore(metrics.MicroAccuracy, metrics.LogLoss, trainingSamples.Length, description);
    }

    /// <summary>
    /// Returns the training samples to fit, in increasing order: all of them when there are at most
    /// <paramref name="maxSamples"/>, else the first <paramref name="maxSamples"/> of a shuffle with
    /// <c>SeededRandom(seed, SubsampleStream)</c>, a uniform subsample without replacement.
    /// </summary>
    internal static int[] ChooseTrainingSamples(int count, int maxSamples, int seed)
    {
        int[] samples = Enumerable.Range(0, count).ToArray();
        if (count <= maxSamples)
        {
            return samples;
        }

        var random = new SeededRandom(seed, SubsampleStream);
        random.Shuffle(samples.AsSpan());
        int[] chosen = samples[..maxSamples];
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>
    /// Returns L-BFGS multinomial logistic regression on one thread. On one thread ML.NET 6.0.0 reads the data view
    /// at every pass, which checks the token. With more threads it copies the data into memory once and iterates
    /// there, so a cancellation would not be seen until the optimizer converges.
    /// </summary>
    private static (IEstimator<ITransformer> Trainer, string Description) MaximumEntropy(MLContext ml)
    {
        var options = new LbfgsMaximumEntropyMulticlassTrainer.Options
        {
            LabelColumnName = SplitDataView.LabelColumnName,
            FeatureColumnName = SplitDataView.FeaturesColumnName,
            L1Regularization = MaximumEntropyL1,
            L2Regularization = MaximumEntropyL2,
            OptimizationTolerance = MaximumEntropyTolerance,
            HistorySize = MaximumEntropyHistorySize,
            NumberOfThreads = 1,
        };
        string description = string.Create(
            CultureInfo.InvariantCulture,
            $"LbfgsMaximumEntropy (multinomial logistic regression, L-BFGS): L1 {MaximumEntropyL1}, L2 {MaximumEntropyL2}, " +
            $"optimization tolerance {MaximumEntropyTolerance:G}, history size {MaximumEntropyHistorySize}, no iteration limit, 1 thread");
        return (ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(options), description);
    }

    /// <summary>
    /// Returns LightGBM with the softmax objective. ML.NET 6.0.0 would pick one-versus-all below 50,000 rows, so the
    /// objective is set. Deterministic mode with column-wise histograms makes a seed give the same model, as
    /// LightGBM's documentation advises.
    /// </summary>
    /// <remarks>
    /// LightGBM runs on one thread because its OpenMP threads wait by spinning: on a 2-core VM busy with other jobs
    /// (load average about 15), 2,000 blob samples took 3.3 s on two threads and 0.12 s on one.
    /// </remarks>
    private static (IEstimator<ITransformer> Trainer, string Description) LightGbm(MLContext ml, int seed)
    {
        var options = new LightGbmMulticlassTrainer.Options
        {
            LabelColumnName = SplitDataView.LabelColumnName,
            FeatureColumnName = SplitDataView.FeaturesColumnName,
            UseSoftmax = true,
            NumberOfIterations = LightGbmIterations,
            NumberOfLeaves = LightGbmLeaves,
            MinimumExampleCountPerLeaf = LightGbmMinimumSamplesPerLeaf,
            LearningRate = LightGbmLearningRate,
            MaximumBinCountPerFeature = LightGbmMaximumBins,
            Seed = seed,
            NumberOfThreads = 1,
            Deterministic = true,
            ForceColumnWise = true,
        };
        string description = string.Create(
            CultureInfo.InvariantCulture,
            $"LightGBM multiclass (gradient-boosted trees, softmax): {LightGbmIterations} iterations, {LightGbmLeaves} leaves, " +
            $"at least {LightGbmMinimumSamplesPerLeaf} samples per leaf, learning rate {LightGbmLearningRate}, " +
            $"{LightGbmMaximumBins} bins per feature, deterministic, 1 thread");
        return (ml.MulticlassClassification.Trainers.LightGbm(options), description);
    }

    /// <summary>Fits <paramref name="trainer"/>, turning a failure to load LightGBM's native library into a message with the fix.</summary>
    private static ITransformer Fit(BaselineKind kind, IEstimator<ITransformer> trainer, IDataView trainingData)
    {
        try
        {
            return trainer.Fit(trainingData);
        }
        catch (DllNotFoundException e) when (kind == BaselineKind.LightGbm)
        {
            throw new ExperimentException(
                "The LightGBM baseline failed because LightGBM's native library lib_lightgbm could not be loaded. It comes with the " +
                "LightGBM NuGet package and needs the GNU OpenMP runtime, so install the package libgomp1 on Debian or Ubuntu. " +
                "The loader reported: " + e.Message,
                e);
        }
    }

    /// <summary>
    /// Throws when ML.NET's evaluator left out test samples. It skips a sample whose scores are not finite, and the
    /// accuracy would then refer to fewer samples than the test split.
    /// </summary>
    private static void CheckEveryTestSampleScored(MulticlassClassificationMetrics metrics, int testCount)
    {
        double scored = metrics.ConfusionMatrix.Counts.Sum(row => row.Sum());
        if (scored != testCount)
        {
            throw new ExperimentException(
                $"The baseline produced finite scores for {scored:N0} of the {testCount:N0} test samples, so its accuracy would not cover the test split. " +
                "Check the dataset for infinite or very large feature values.");
        }
    }

    private static string TrainingSamplesText(int used, int total, int seed) => used == total
        ? string.Create(CultureInfo.InvariantCulture, $"on all {total:N0} training samples")
        : string.Create(CultureInfo.InvariantCulture, $"on a uniform subsample of {used:N0} of the {total:N0} training samples drawn with seed {seed}");

    /// <summary>Returns the ML.NET package version, for example "6.0.0", without the commit that the assembly also records.</summary>
    private static string MLNetVersion()
    {
        string? version = typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return version is null ? "(unknown version)" : version.Split('+')[0];
    }
}
