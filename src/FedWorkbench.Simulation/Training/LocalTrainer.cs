using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
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
    private const int CacheLineBytes = 64;

    /// <summary>Trains one client from <paramref name="globalParameters"/> and returns its update.</summary>
    public static ClientUpdate Train(
        ModelLayout layout,
        ReadOnlySpan<float> globalParameters,
        DataSplit train,
        ReadOnlySpan<int> sampleIndices,
        LocalTrainingSettings settings,
        LocalTrainingSeed seed) =>
        Train(layout, globalParameters, train, sampleIndices, settings, seed, default);

    /// <summary>
    /// Trains one client from <paramref name="globalParameters"/> with the FedProx term, SCAFFOLD correction,
    /// feature noise or label flipping of <paramref name="options"/>, and returns its update.
    /// </summary>
    internal static ClientUpdate Train(
        ModelLayout layout,
        ReadOnlySpan<float> globalParameters,
        DataSplit train,
        ReadOnlySpan<int> sampleIndices,
        LocalTrainingSettings settings,
        LocalTrainingSeed seed,
        ClientTrainingOptions options)
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
        LocalTrainingResult result = Train(workspace, globalParameters, train, sampleIndices, settings, seed, options, parameters, CancellationToken.None);
        return new ClientUpdate(seed.Client, parameters, result.SampleCount, result.TrainLoss);
    }

    /// <summary>
    /// Trains one client into <paramref name="destination"/>, reusing the scratch buffers of
    /// <paramref name="workspace"/>. When <paramref name="cancellationToken"/> fires, training stops at the
    /// next minibatch and the partial result must be discarded.
    /// </summary>
    /// <remarks>
    /// Each step adds d = g + λ·w + μ·(w − w_global) + correction, then v ← ρ·v + d and w ← w − η·v, with v = 0
    /// at the start of the call. When ρ, λ and μ are 0 and there is no correction, the kernels apply the plain
    /// SGD step inside the weight-gradient product instead, which saves a pass over the parameters per step, and
    /// the first step reads the global model and writes the destination, which saves copying the global model.
    /// The destination must not overlap <paramref name="globalParameters"/>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe LocalTrainingResult Train(
        LocalTrainingWorkspace workspace,
        ReadOnlySpan<float> globalParameters,
        DataSplit train,
        ReadOnlySpan<int> sampleIndices,
        LocalTrainingSettings settings,
        LocalTrainingSeed seed,
        ClientTrainingOptions options,
        Span<float> destination,
        CancellationToken cancellationToken)
    {
        ModelWorkspace model = workspace.Model;
        ModelLayout layout = model.Layout;
        int featureCount = layout.InputWidth;
        int batchSize = settings.BatchSize;
        if (options.Correction is { } correction && correction.Length != layout.ParameterCount)
        {
            throw new ArgumentException(
                $"The correction has {correction.Length} values; model {layout} has {layout.ParameterCount} parameters.", nameof(options));
        }

        bool fused = settings.Momentum == 0 && settings.WeightDecay == 0 && options.ProximalMu == 0 && options.Correction is null;

        // The fused path's first step reads the global model and writes every parameter of the destination, so
        // only the unfused path, or a client that takes no step, needs the global model copied first.
        if (!fused)
        {
            globalParameters.CopyTo(destination);
        }

        var update = new SgdUpdate(settings.LearningRate, settings.Momentum, settings.WeightDecay, options.ProximalMu);
        Span<float> gradient = fused ? default : workspace.GradientBuffer(layout.ParameterCount);
        Span<float> velocity = fused || settings.Momentum == 0 ? default : workspace.VelocityBuffer(layout.ParameterCount);
        velocity.Clear();

        Span<int> order = workspace.OrderBuffer(sampleIndices.Length);
        ReadOnlySpan<float> features = train.Features;
        ReadOnlySpan<byte> labels = train.Labels;
        int lastClass = layout.ClassCount - 1;
        double lossSum = 0;
        int steps = 0;

        fixed (float* parameters = destination, gradientPointer = gradient, globalPointer = globalParameters, featurePointer = features)
        {
            float* stepSource = fused ? globalPointer : parameters;
            for (int epoch = 0; epoch < settings.Epochs && !cancellationToken.IsCancellationRequested; epoch++)
            {
                sampleIndices.CopyTo(order);
                var random = new SeededRandom(seed.Seed, RandomStreams.LocalTraining, seed.Round, seed.Client, epoch);
                random.Shuffle(order);
                var noise = new SeededRandom(seed.Seed, RandomStreams.FeatureNoise, seed.Round, seed.Client, epoch);

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
                    int nextStart = start + batchSize;
                    if (nextStart < order.Length)
                    {
                        PrefetchRows(featurePointer, order.Slice(nextStart, Math.Min(batchSize, order.Length - nextStart)), featureCount);
                    }

                    // Gather the batch into one contiguous block so the kernels read rows with a fixed stride.
                    for (int r = 0; r < rows; r++)
                    {
                        int sample = order[start + r];
                        features.Slice(sample * featureCount, featureCount).CopyTo(new Span<float>(input + ((nint)r * featureCount), featureCount));
                        byte label = labels[sample];
                        model.Labels[r] = options.FlipLabels ? (byte)(lastClass - label) : label;
                    }

                    if (options.FeatureNoiseStd != 0)
                    {
                        AddGaussianNoise(new Span<float>(input, rows * featureCount), options.FeatureNoiseStd, ref noise);
                    }

                    ReadOnlySpan<byte> batchLabels = model.Labels.AsSpan(0, rows);
                    if (fused)
                    {
                        lossSum += DenseNetwork.TrainStep(model, stepSource, parameters, input, batchLabels, rows, settings.LearningRate);
                        stepSource = parameters;
                    }
                    else
                    {
                        gradient.Clear();
                        lossSum += DenseNetwork.AccumulateGradient(model, parameters, input, batchLabels, rows, gradientPointer);
                        update.Apply(destination, gradient, velocity, globalParameters, options.Correction);
                    }

                    steps++;
                }
            }
        }

        if (fused && steps == 0)
        {
            globalParameters.CopyTo(destination);
        }

        double trainLoss = lossSum / ((double)settings.Epochs * sampleIndices.Length);
        return new LocalTrainingResult(sampleIndices.Length, trainLoss, steps);
    }

    /// <summary>
    /// Asks the CPU to start loading the feature rows of <paramref name="samples"/> into its L2 cache, so that
    /// gathering the next batch after this step finds them there instead of waiting for memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchRows(float* features, ReadOnlySpan<int> samples, int featureCount)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        nint rowBytes = (nint)featureCount * sizeof(float);
        foreach (int sample in samples)
        {
            byte* row = (byte*)(features + ((nint)sample * featureCount));
            for (nint offset = 0; offset < rowBytes; offset += CacheLineBytes)
            {
                Sse.Prefetch1(row + offset);
            }
        }
    }

    /// <summary>Adds independent N(0, σ²) noise to every value of <paramref name="values"/>.</summary>
    private static void AddGaussianNoise(Span<float> values, float standardDeviation, ref SeededRandom random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] += (float)(standardDeviation * random.NextGaussian());
        }
    }
}

/// <summary>
/// Scratch buffers of one thread's local training: the model workspace, the epoch order, and the gradient and
/// momentum buffers of the unfused update.
/// </summary>
internal sealed class LocalTrainingWorkspace
{
    private int[] _order = [];
    private float[] _gradient = [];
    private float[] _velocity = [];

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

    /// <summary>Returns a gradient buffer of <paramref name="length"/> floats, allocating it on first use.</summary>
    public Span<float> GradientBuffer(int length) => Grow(ref _gradient, length);

    /// <summary>Returns a momentum buffer of <paramref name="length"/> floats, allocating it on first use.</summary>
    public Span<float> VelocityBuffer(int length) => Grow(ref _velocity, length);

    private static Span<float> Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer.AsSpan(0, length);
    }
}
