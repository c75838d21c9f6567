using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Training;

/// <summary>
/// A client's local update in FedAvg (McMahan et al. 2017, ClientUpdate): E epochs of minibatch SGD on the
/// mean cross-entropy, starting from the global model.
/// </summary>
/// <remarks>
/// The update is a pure function of the global parameters, the client's sample indices, the hyperparameters
/// and the <see cref="LocalTrainingSeed"/>: it reads no shared mutable state, so clients can train on any
/// thread or machine and give the same result. Epoch e visits the client's samples in the order produced by
/// shuffling them, in partition order, with <c>SeededRandom(seed, RandomStreams.LocalTraining, round, client, e)</c>.
/// Like PyTorch's DataLoader with <c>drop_last=False</c>, the last batch of an epoch keeps the remaining samples.
/// </remarks>
public static class LocalTrainer
{
    /// <summary>Trains one client from <paramref name="globalParameters"/> and returns its update.</summary>
    public static ClientUpdate Train(
        ModelLayout layout,
        ReadOnlySpan<float> globalParameters,
        DataSplit train,
        ReadOnlySpan<int> sampleIndices,
        LocalTrainingSettings settings,
        LocalTrainingSeed seed)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.BatchSize);
        if (globalParameters.Length != layout.ParameterCount)
        {
            throw new ArgumentException(
                $"Expected {layout.ParameterCount} parameters for model {layout}, got {globalParameters.Length}.", nameof(globalParameters));
        }

        if (train.FeatureCount != layout.InputWidth)
        {
            throw new ArgumentException(
                $"Model {layout} expects {layout.InputWidth} features; the training split has {train.FeatureCount}.", nameof(train));
        }

        var parameters = new float[layout.ParameterCount];
        var workspace = new LocalTrainingWorkspace(layout, settings.BatchSize);
        LocalTrainingResult result = Train(workspace, globalParameters, train, sampleIndices, settings, seed, parameters, CancellationToken.None);
        return new ClientUpdate(seed.Client, parameters, result.SampleCount, result.TrainLoss);
    }

    /// <summary>
    /// Trains one client into <paramref name="destination"/>, reusing the scratch buffers of
    /// <paramref name="workspace"/>. When <paramref name="cancellationToken"/> fires, training stops at the
    /// next minibatch and the partial result must be discarded.
    /// </summary>
    internal static unsafe LocalTrainingResult Train(
        LocalTrainingWorkspace workspace,
        ReadOnlySpan<float> globalParameters,
        DataSplit train,
        ReadOnlySpan<int> sampleIndices,
        LocalTrainingSettings settings,
        LocalTrainingSeed seed,
        Span<float> destination,
        CancellationToken cancellationToken)
    {
        ModelWorkspace model = workspace.Model;
        ModelLayout layout = model.Layout;
        int featureCount = layout.InputWidth;
        int batchSize = settings.BatchSize;
        globalParameters.CopyTo(destination);

        Span<int> order = workspace.OrderBuffer(sampleIndices.Length);
        ReadOnlySpan<float> features = train.Features;
        ReadOnlySpan<byte> labels = train.Labels;
        double lossSum = 0;

        fixed (float* parameters = destination)
        {
            for (int epoch = 0; epoch < settings.Epochs && !cancellationToken.IsCancellationRequested; epoch++)
            {
                sampleIndices.CopyTo(order);
                var random = new SeededRandom(seed.Seed, RandomStreams.LocalTraining, seed.Round, seed.Client, epoch);
                random.Shuffle(order);

                for (int start = 0; start < order.Length; start += batchSize)
                {
                    // Checking every batch costs one volatile read, and keeps a cancel prompt even when one epoch
                    // is tens of thousands of steps through a large model.
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    int rows = Math.Min(batchSize, order.Length - start);
                    float* input = model.Activations(0);

                    // Gather the batch into one contiguous block so the kernels read rows with a fixed stride.
                    for (int r = 0; r < rows; r++)
                    {
                        int sample = order[start + r];
                        features.Slice(sample * featureCount, featureCount).CopyTo(new Span<float>(input + ((nint)r * featureCount), featureCount));
                        model.Labels[r] = labels[sample];
                    }

                    lossSum += DenseNetwork.TrainStep(model, parameters, input, model.Labels.AsSpan(0, rows), rows, settings.LearningRate);
                }
            }
        }

        double trainLoss = lossSum / ((double)settings.Epochs * sampleIndices.Length);
        return new LocalTrainingResult(sampleIndices.Length, trainLoss);
    }
}

/// <summary>Scratch buffers of one thread's local training: the model workspace and the epoch order.</summary>
internal sealed class LocalTrainingWorkspace
{
    private int[] _order = [];

    public LocalTrainingWorkspace(ModelLayout layout, int batchSize)
    {
        Model = new ModelWorkspace(layout, batchSize);
    }

    public ModelWorkspace Model { get; }

    /// <summary>Returns a buffer of <paramref name="length"/> sample indices, growing it when needed.</summary>
    public Span<int> OrderBuffer(int length)
    {
        if (_order.Length < length)
        {
            _order = new int[length];
        }

        return _order.AsSpan(0, length);
    }
}
