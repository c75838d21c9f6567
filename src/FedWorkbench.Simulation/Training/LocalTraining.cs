namespace FedWorkbench.Simulation.Training;

/// <summary>Hyperparameters of a client's local minibatch SGD.</summary>
/// <param name="Epochs">Local epochs E: full passes over the client's samples.</param>
/// <param name="BatchSize">Minibatch size B. The last batch of an epoch contains the remaining samples and may be smaller.</param>
/// <param name="LearningRate">SGD step size η.</param>
/// <param name="Momentum">Momentum ρ, PyTorch convention without dampening: v ← ρ·v + g, w ← w − η·v. 0 is plain SGD.</param>
/// <param name="WeightDecay">L2 weight decay λ, added to the gradient as λ·w before momentum.</param>
public readonly record struct LocalTrainingSettings(int Epochs, int BatchSize, float LearningRate, float Momentum = 0, float WeightDecay = 0);

/// <summary>What a strategy, an attack or the partition changes in one client's local training.</summary>
/// <param name="ProximalMu">FedProx μ: adds μ·(w − w_global) to every gradient. 0 turns it off.</param>
/// <param name="Correction">
/// SCAFFOLD's correction c − c_i, added to every gradient; null for none. Laid out like the parameters.
/// </param>
/// <param name="FeatureNoiseStd">Standard deviation of the Gaussian noise added to every feature the client reads; 0 for none.</param>
/// <param name="FlipLabels">Trains on labels y → C − 1 − y, as a label-flipping attacker does.</param>
internal readonly record struct ClientTrainingOptions(float ProximalMu = 0, float[]? Correction = null, float FeatureNoiseStd = 0, bool FlipLabels = false);

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
/// <param name="LocalSteps">Minibatch SGD steps taken, τ_k = E·⌈n_k/B⌉ when not cancelled. FedNova and SCAFFOLD use it.</param>
public readonly record struct LocalTrainingResult(int SampleCount, double TrainLoss, int LocalSteps = 0);
