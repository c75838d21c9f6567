namespace FedWorkbench.Simulation.Training;

/// <summary>Hyperparameters of a client's local minibatch SGD.</summary>
/// <param name="Epochs">Local epochs E: full passes over the client's samples.</param>
/// <param name="BatchSize">Minibatch size B. The last batch of an epoch contains the remaining samples and may be smaller.</param>
/// <param name="LearningRate">SGD step size η.</param>
public readonly record struct LocalTrainingSettings(int Epochs, int BatchSize, float LearningRate);

/// <summary>Identifies the random stream of one client's local training: the minibatch order of each epoch.</summary>
/// <param name="Seed">Experiment seed.</param>
/// <param name="Round">Round number, starting at 1.</param>
/// <param name="Client">Client index in [0, K).</param>
public readonly record struct LocalTrainingSeed(int Seed, int Round, int Client);

/// <summary>What one client sends back to the server after local training.</summary>
/// <param name="Client">Client index in [0, K).</param>
/// <param name="Parameters">The client's model after local training, laid out like the global model.</param>
/// <param name="SampleCount">Samples the client holds; FedAvg weighs the update by this count.</param>
/// <param name="TrainLoss">Mean cross-entropy over every sample of every local epoch, each taken before its SGD step.</param>
public sealed record ClientUpdate(int Client, float[] Parameters, int SampleCount, double TrainLoss);

/// <summary>Sample count and mean training loss of one client's local training.</summary>
/// <param name="SampleCount">Samples the client holds.</param>
/// <param name="TrainLoss">Mean cross-entropy over every sample of every local epoch, each taken before its SGD step.</param>
public readonly record struct LocalTrainingResult(int SampleCount, double TrainLoss);
