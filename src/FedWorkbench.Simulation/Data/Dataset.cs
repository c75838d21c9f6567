namespace FedWorkbench.Simulation.Data;

/// <summary>
/// A labelled dataset held in memory, split into training and test sets. Instances are immutable and shared
/// read-only by every run in the process.
/// </summary>
public sealed class Dataset
{
    /// <summary>Creates a dataset; both splits must have <paramref name="featureCount"/> features per sample.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="featureCount">Features per sample.</param>
    /// <param name="classNames">Class names indexed by label.</param>
    /// <param name="train">Training samples.</param>
    /// <param name="test">Test samples.</param>
    /// <param name="owners">The owner of each sample, or null when the data names no owners.</param>
    public Dataset(string name, int featureCount, IReadOnlyList<string> classNames, DataSplit train, DataSplit test, SampleOwners? owners = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (train.FeatureCount != featureCount || test.FeatureCount != featureCount)
        {
            throw new ArgumentException(
                $"Both splits need {featureCount} features per sample; train has {train.FeatureCount}, test has {test.FeatureCount}.");
        }

        if (owners is not null && (owners.Train.Length != train.Count || owners.Test.Length != test.Count))
        {
            throw new ArgumentException(
                $"Owners cover {owners.Train.Length} training and {owners.Test.Length} test samples; the splits have {train.Count} and {test.Count}.",
                nameof(owners));
        }

        Name = name;
        FeatureCount = featureCount;
        Owners = owners;
        ClassNames = classNames;
        Train = train;
        Test = test;
    }

    /// <summary>Display name, for example "Fashion-MNIST".</summary>
    public string Name { get; }

    /// <summary>Number of input features per sample (784 for 28×28 images).</summary>
    public int FeatureCount { get; }

    /// <summary>Number of classes; labels are in [0, ClassCount).</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>Class names indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Training samples, partitioned across clients.</summary>
    public DataSplit Train { get; }

    /// <summary>Held-out samples the global model is evaluated on after every round.</summary>
    public DataSplit Test { get; }

    /// <summary>The owner of each sample, which the natural partition uses; null when the data names no owners.</summary>
    public SampleOwners? Owners { get; }
}

/// <summary>Samples stored row-major: sample i occupies features [i·FeatureCount, (i+1)·FeatureCount).</summary>
public sealed class DataSplit
{
    private readonly float[] _features;
    private readonly byte[] _labels;

    /// <summary>Creates a split over the given arrays, which the split takes ownership of and never changes.</summary>
    public DataSplit(float[] features, byte[] labels, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        if (features.Length != (long)labels.Length * featureCount)
        {
            throw new ArgumentException(
                $"Expected {labels.Length} × {featureCount} feature values, got {features.Length}.", nameof(features));
        }

        _features = features;
        _labels = labels;
        FeatureCount = featureCount;
    }

    /// <summary>Number of samples.</summary>
    public int Count => _labels.Length;

    /// <summary>Number of features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>All feature values, row-major.</summary>
    public ReadOnlySpan<float> Features => _features;

    /// <summary>Labels, one per sample.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>Features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Row(int index) => _features.AsSpan(index * FeatureCount, FeatureCount);
}
