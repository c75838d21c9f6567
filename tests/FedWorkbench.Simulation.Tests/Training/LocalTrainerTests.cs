using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Simulation.Tests.Training;

public sealed class LocalTrainerTests
{
    private static readonly Dataset Blobs = InMemoryData.CreateBlobs(classes: 4, features: 20, trainCount: 400, testCount: 200, seed: 1);

    [Fact]
    public void Train_LossFallsOverEpochs()
    {
        // Arrange
        var layout = new ModelLayout([20, 16, 4]);
        float[] initial = ModelInitializer.Create(layout, seed: 2);
        int[] indices = Enumerable.Range(0, 400).ToArray();
        var settings = new LocalTrainingSettings(Epochs: 1, BatchSize: 10, LearningRate: 0.05f);

        // Act: train one epoch, then a second epoch starting from the first epoch's result.
        ClientUpdate first = LocalTrainer.Train(layout, initial, Blobs.Train, indices, settings, new LocalTrainingSeed(3, 1, 0));
        ClientUpdate second = LocalTrainer.Train(layout, first.Parameters, Blobs.Train, indices, settings, new LocalTrainingSeed(3, 2, 0));

        // Assert: random weights start near log 4 ≈ 1.39, and separable blobs should fall below 1.0 within one epoch.
        Assert.True(first.TrainLoss < 1.0, $"First epoch mean loss {first.TrainLoss} did not fall below 1.0.");
        Assert.True(second.TrainLoss < first.TrainLoss, $"Second epoch loss {second.TrainLoss} is not below the first {first.TrainLoss}.");
        Assert.Equal(400, second.SampleCount);
    }

    [Fact]
    public void Train_SameInputsGiveIdenticalUpdates()
    {
        // Arrange
        var layout = new ModelLayout([20, 9, 4]);
        float[] initial = ModelInitializer.Create(layout, seed: 4);
        int[] indices = Enumerable.Range(0, 400).Where(i => i % 3 == 0).ToArray();
        var settings = new LocalTrainingSettings(Epochs: 2, BatchSize: 7, LearningRate: 0.1f);
        var seed = new LocalTrainingSeed(5, 1, 3);

        // Act
        ClientUpdate first = LocalTrainer.Train(layout, initial, Blobs.Train, indices, settings, seed);
        ClientUpdate second = LocalTrainer.Train(layout, initial, Blobs.Train, indices, settings, seed);
        ClientUpdate otherRound = LocalTrainer.Train(layout, initial, Blobs.Train, indices, settings, seed with { Round = 2 });

        // Assert
        Assert.Equal(first.Parameters, second.Parameters);
        Assert.Equal(first.TrainLoss, second.TrainLoss);
        Assert.NotEqual(first.Parameters, otherRound.Parameters);
        Assert.Equal(ModelInitializer.Create(layout, seed: 4), initial);
    }

    [Fact]
    public void Train_KeepsLastPartialBatch()
    {
        // Arrange: 7 samples with B = 5 give batches of 5 and 2. One full batch of 7 in one step differs, and
        // dropping the partial batch would equal training on the 5 shuffled samples alone.
        var layout = new ModelLayout([20, 4]);
        float[] initial = ModelInitializer.Create(layout, seed: 6);
        int[] indices = [0, 1, 2, 3, 4, 5, 6];
        var seed = new LocalTrainingSeed(7, 1, 0);

        // Act
        ClientUpdate batches = LocalTrainer.Train(layout, initial, Blobs.Train, indices, new LocalTrainingSettings(1, 5, 0.1f), seed);
        ClientUpdate whole = LocalTrainer.Train(layout, initial, Blobs.Train, indices, new LocalTrainingSettings(1, 7, 0.1f), seed);
        ClientUpdate single = LocalTrainer.Train(layout, initial, Blobs.Train, indices, new LocalTrainingSettings(1, 1, 0.1f), seed);

        // Assert
        Assert.Equal(7, batches.SampleCount);
        Assert.NotEqual(batches.Parameters, whole.Parameters);
        Assert.NotEqual(batches.Parameters, single.Parameters);
        Assert.True(double.IsFinite(batches.TrainLoss));
    }

    [Fact]
    public void Train_WrongParameterLengthThrows()
    {
        // Arrange
        var layout = new ModelLayout([20, 4]);

        // Act and assert
        Assert.Throws<ArgumentException>(() =>
            LocalTrainer.Train(layout, new float[3], Blobs.Train, [0, 1], new LocalTrainingSettings(1, 1, 0.1f), new LocalTrainingSeed(1, 1, 0)));
    }
}
