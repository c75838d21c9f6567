using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Randomness;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Training;

/// <summary>
/// Checks that plain SGD, whose first step reads the global model and writes the destination, gives exactly the
/// values of copying the global model and then stepping in place.
/// </summary>
public sealed class LocalTrainerFirstStepTests
{
    private static readonly Dataset Blobs = InMemoryData.CreateBlobs(classes: 4, features: 20, trainCount: 400, testCount: 200, seed: 1);

    [Theory]
    [InlineData(1, 10, 6)]
    [InlineData(2, 7, 23)]
    [InlineData(3, 5, 5)]
    public void Train_MatchesCopyThenInPlaceSteps(int epochs, int batchSize, int sampleCount)
    {
        // Arrange
        var layout = new ModelLayout([20, 17, 9, 4]);
        float[] global = ModelInitializer.Create(layout, seed: 8);
        int[] indices = Enumerable.Range(0, sampleCount).Select(i => (i * 13) % 400).ToArray();
        var settings = new LocalTrainingSettings(epochs, batchSize, LearningRate: 0.1f);
        var seed = new LocalTrainingSeed(9, 2, 5);
        float[] expected = TrainInPlace(layout, global, indices, settings, seed, out double expectedLossSum);

        // Act: a destination full of NaN shows that every parameter is written.
        float[] actual = new float[layout.ParameterCount];
        Array.Fill(actual, float.NaN);
        LocalTrainingResult result = LocalTrainer.Train(
            new LocalTrainingWorkspace(layout, batchSize), global, Blobs.Train, indices, settings, seed, default, actual, CancellationToken.None);

        // Assert
        Assert.Equal(expected, actual);
        Assert.Equal(expectedLossSum / (epochs * (double)sampleCount), result.TrainLoss);
        Assert.Equal(ModelInitializer.Create(layout, seed: 8), global);
    }

    [Fact]
    public void Train_NoSamplesReturnsGlobalModel()
    {
        // Arrange
        var layout = new ModelLayout([20, 6, 4]);
        float[] global = ModelInitializer.Create(layout, seed: 10);
        float[] destination = new float[layout.ParameterCount];
        Array.Fill(destination, float.NaN);

        // Act
        LocalTrainingResult result = LocalTrainer.Train(
            new LocalTrainingWorkspace(layout, 10), global, Blobs.Train, [], new LocalTrainingSettings(2, 10, 0.1f),
            new LocalTrainingSeed(11, 1, 0), default, destination, CancellationToken.None);

        // Assert
        Assert.Equal(global, destination);
        Assert.Equal(0, result.LocalSteps);
        Assert.Equal(0, result.SampleCount);
    }

    [Fact]
    public void Train_CancelledBeforeFirstStepReturnsGlobalModel()
    {
        // Arrange
        var layout = new ModelLayout([20, 6, 4]);
        float[] global = ModelInitializer.Create(layout, seed: 12);
        float[] destination = new float[layout.ParameterCount];
        Array.Fill(destination, float.NaN);

        // Act
        LocalTrainingResult result = LocalTrainer.Train(
            new LocalTrainingWorkspace(layout, 10), global, Blobs.Train, [0, 1, 2], new LocalTrainingSettings(1, 10, 0.1f),
            new LocalTrainingSeed(13, 1, 0), default, destination, new CancellationToken(canceled: true));

        // Assert
        Assert.Equal(global, destination);
        Assert.Equal(0, result.LocalSteps);
    }

    /// <summary>
    /// Copies <paramref name="global"/> and runs the plain SGD steps of <see cref="LocalTrainer"/> on the copy in
    /// place, in the same sample order, and returns the trained parameters.
    /// </summary>
    private static float[] TrainInPlace(
        ModelLayout layout, float[] global, int[] indices, LocalTrainingSettings settings, LocalTrainingSeed seed, out double lossSum)
    {
        float[] parameters = (float[])global.Clone();
        var workspace = new ModelWorkspace(layout, settings.BatchSize);
        int width = layout.InputWidth;
        lossSum = 0;
        for (int epoch = 0; epoch < settings.Epochs; epoch++)
        {
            int[] order = (int[])indices.Clone();
            new SeededRandom(seed.Seed, RandomStreams.LocalTraining, seed.Round, seed.Client, epoch).Shuffle(order.AsSpan());
            for (int start = 0; start < order.Length; start += settings.BatchSize)
            {
                int rows = Math.Min(settings.BatchSize, order.Length - start);
                var input = new float[rows * width];
                var labels = new byte[rows];
                for (int r = 0; r < rows; r++)
                {
                    int sample = order[start + r];
                    Blobs.Train.Features.Slice(sample * width, width).CopyTo(input.AsSpan(r * width, width));
                    labels[r] = Blobs.Train.Labels[sample];
                }

                lossSum += DenseNetwork.TrainStep(workspace, parameters, input, labels, settings.LearningRate);
            }
        }

        return parameters;
    }
}
