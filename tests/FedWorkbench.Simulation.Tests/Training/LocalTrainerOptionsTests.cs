using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Training;

public sealed class LocalTrainerOptionsTests
{
    private const int Features = 6;
    private const int Classes = 3;

    // Float sums over the batch rows run in a different order in the trainer (shuffled rows) than in the
    // hand computation, so results agree to rounding, not bit for bit.
    private const float Tolerance = 1e-5f;

    private static readonly Dataset Blobs = InMemoryData.CreateBlobs(classes: Classes, features: Features, trainCount: 60, testCount: 10, seed: 11);

    [Fact]
    public void Train_MatchesHandComputedSteps()
    {
        // Arrange: one batch of all 8 samples per epoch, so E = 2 gives exactly two steps on the same batch.
        var layout = new ModelLayout([Features, 5, Classes]);
        float[] global = ModelInitializer.Create(layout, seed: 12);
        int[] indices = [0, 1, 2, 3, 4, 5, 6, 7];
        const float eta = 0.1f, rho = 0.9f, lambda = 0.01f, mu = 0.5f;
        var settings = new LocalTrainingSettings(Epochs: 2, BatchSize: 8, LearningRate: eta, Momentum: rho, WeightDecay: lambda);
        var options = new ClientTrainingOptions(ProximalMu: mu);

        // Act
        ClientUpdate update = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, new LocalTrainingSeed(1, 1, 0), options);

        // Assert: d = g + λw + μ(w − w_global); v ← ρv + d; w ← w − ηv, with v = 0 before step 1.
        int p = layout.ParameterCount;
        float[] w = (float[])global.Clone();
        float[] v = new float[p];
        for (int step = 0; step < 2; step++)
        {
            float[] g = Gradient(layout, w, indices);
            for (int i = 0; i < p; i++)
            {
                float d = g[i] + (lambda * w[i]) + (mu * (w[i] - global[i]));
                v[i] = (rho * v[i]) + d;
                w[i] -= eta * v[i];
            }
        }

        for (int i = 0; i < p; i++)
        {
            Assert.True(MathF.Abs(w[i] - update.Parameters[i]) <= Tolerance, $"Parameter {i}: expected {w[i]}, trained {update.Parameters[i]}.");
        }
    }

    [Fact]
    public void Train_ProximalTermPullsTowardGlobalModel()
    {
        // Arrange
        var layout = new ModelLayout([Features, 8, Classes]);
        float[] global = ModelInitializer.Create(layout, seed: 13);
        int[] indices = Enumerable.Range(0, 40).ToArray();
        var settings = new LocalTrainingSettings(Epochs: 3, BatchSize: 5, LearningRate: 0.1f);
        var seed = new LocalTrainingSeed(2, 1, 0);

        // Act
        ClientUpdate plain = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, seed);
        ClientUpdate proximal = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, seed, new ClientTrainingOptions(ProximalMu: 1f));

        // Assert
        double plainDistance = Distance(plain.Parameters, global);
        double proximalDistance = Distance(proximal.Parameters, global);
        Assert.True(proximalDistance < plainDistance, $"With μ = 1 the model moved {proximalDistance}, not less than {plainDistance} without it.");
        Assert.True(proximalDistance > 0);
    }

    [Fact]
    public void Train_CorrectionShiftsStep()
    {
        // Arrange: one epoch of one batch is one step, so w_c − w = −η·c.
        var layout = new ModelLayout([Features, Classes]);
        float[] global = ModelInitializer.Create(layout, seed: 14);
        int[] indices = Enumerable.Range(0, 12).ToArray();
        const float eta = 0.2f;
        var settings = new LocalTrainingSettings(Epochs: 1, BatchSize: 12, LearningRate: eta);
        var seed = new LocalTrainingSeed(3, 1, 0);
        float[] correction = Enumerable.Range(0, layout.ParameterCount).Select(i => ((i % 7) - 3) * 0.05f).ToArray();

        // Act
        ClientUpdate plain = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, seed);
        ClientUpdate corrected = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, seed, new ClientTrainingOptions(Correction: correction));

        // Assert
        for (int i = 0; i < layout.ParameterCount; i++)
        {
            float shift = corrected.Parameters[i] - plain.Parameters[i];
            Assert.True(MathF.Abs(shift + (eta * correction[i])) <= Tolerance, $"Parameter {i}: shift {shift}, expected {-eta * correction[i]}.");
        }
    }

    [Fact]
    public void Train_LabelFlipEqualsFlippedDataset()
    {
        // Arrange: the same samples with every label y replaced by C − 1 − y.
        var layout = new ModelLayout([Features, 4, Classes]);
        float[] global = ModelInitializer.Create(layout, seed: 15);
        int[] indices = Enumerable.Range(0, 30).ToArray();
        byte[] flippedLabels = Blobs.Train.Labels.ToArray().Select(y => (byte)(Classes - 1 - y)).ToArray();
        var flipped = new DataSplit(Blobs.Train.Features.ToArray(), flippedLabels, Features);
        var settings = new LocalTrainingSettings(Epochs: 2, BatchSize: 4, LearningRate: 0.1f);
        var seed = new LocalTrainingSeed(4, 2, 1);

        // Act
        ClientUpdate attacker = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, seed, new ClientTrainingOptions(FlipLabels: true));
        ClientUpdate reference = LocalTrainer.Train(layout, global, flipped, indices, settings, seed);

        // Assert
        Assert.Equal(reference.Parameters, attacker.Parameters);
        Assert.Equal(reference.TrainLoss, attacker.TrainLoss);
    }

    [Theory]
    [InlineData(7, 3, 2, false)]
    [InlineData(7, 3, 2, true)]
    [InlineData(9, 3, 1, false)]
    [InlineData(5, 10, 3, true)]
    public void Train_LocalStepsAreEpochsTimesBatches(int samples, int batchSize, int epochs, bool withMomentum)
    {
        // Arrange
        var layout = new ModelLayout([Features, Classes]);
        float[] global = ModelInitializer.Create(layout, seed: 16);
        int[] indices = Enumerable.Range(0, samples).ToArray();
        var settings = new LocalTrainingSettings(epochs, batchSize, 0.1f, Momentum: withMomentum ? 0.5f : 0f);
        var workspace = new LocalTrainingWorkspace(layout, batchSize);

        // Act
        LocalTrainingResult result = LocalTrainer.Train(
            workspace, global, Blobs.Train, indices, settings, new LocalTrainingSeed(5, 1, 0), default, new float[layout.ParameterCount], CancellationToken.None);

        // Assert: τ = E·⌈n/B⌉.
        int expected = epochs * ((samples + batchSize - 1) / batchSize);
        Assert.Equal(expected, result.LocalSteps);
        Assert.Equal(samples, result.SampleCount);
    }

    [Fact]
    public void Train_FeatureNoiseIsSeededAndChangesTraining()
    {
        // Arrange
        var layout = new ModelLayout([Features, Classes]);
        float[] global = ModelInitializer.Create(layout, seed: 17);
        int[] indices = Enumerable.Range(0, 20).ToArray();
        var settings = new LocalTrainingSettings(Epochs: 2, BatchSize: 5, LearningRate: 0.1f);
        var seed = new LocalTrainingSeed(6, 1, 2);
        var noisy = new ClientTrainingOptions(FeatureNoiseStd: 0.5f);

        // Act
        ClientUpdate clean = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, seed);
        ClientUpdate first = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, seed, noisy);
        ClientUpdate second = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, seed, noisy);
        ClientUpdate otherClient = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, seed with { Client = 3 }, noisy);
        ClientUpdate otherClientClean = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, seed with { Client = 3 });

        // Assert
        Assert.Equal(first.Parameters, second.Parameters);
        Assert.NotEqual(clean.Parameters, first.Parameters);
        Assert.NotEqual(otherClientClean.Parameters, otherClient.Parameters);
    }

    [Fact]
    public void Train_ZeroOptionsEqualPlainOverload()
    {
        // Arrange
        var layout = new ModelLayout([Features, 5, Classes]);
        float[] global = ModelInitializer.Create(layout, seed: 18);
        int[] indices = Enumerable.Range(0, 25).ToArray();
        var settings = new LocalTrainingSettings(Epochs: 2, BatchSize: 4, LearningRate: 0.1f);
        var seed = new LocalTrainingSeed(7, 1, 0);

        // Act
        ClientUpdate plain = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, seed);
        ClientUpdate zero = LocalTrainer.Train(layout, global, Blobs.Train, indices, settings, seed, new ClientTrainingOptions(0, null, 0, false));

        // Assert
        Assert.Equal(plain.Parameters, zero.Parameters);
    }

    [Fact]
    public void Train_CorrectionOfWrongLengthThrows()
    {
        var layout = new ModelLayout([Features, Classes]);
        float[] global = ModelInitializer.Create(layout, seed: 19);
        var options = new ClientTrainingOptions(Correction: new float[3]);

        Assert.Throws<ArgumentException>(() =>
            LocalTrainer.Train(layout, global, Blobs.Train, [0, 1], new LocalTrainingSettings(1, 2, 0.1f), new LocalTrainingSeed(1, 1, 0), options));
    }

    /// <summary>Returns the mean cross-entropy gradient over the given samples, in index order.</summary>
    private static float[] Gradient(ModelLayout layout, float[] parameters, int[] indices)
    {
        float[] input = indices.SelectMany(i => Blobs.Train.Row(i).ToArray()).ToArray();
        byte[] labels = indices.Select(i => Blobs.Train.Labels[i]).ToArray();
        float[] gradient = new float[layout.ParameterCount];
        DenseNetwork.AccumulateGradient(new ModelWorkspace(layout, indices.Length), parameters, input, labels, gradient);
        return gradient;
    }

    private static double Distance(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }
}
