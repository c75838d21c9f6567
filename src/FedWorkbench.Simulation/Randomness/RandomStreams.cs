namespace FedWorkbench.Simulation.Randomness;

/// <summary>
/// First stream id of each use of randomness, so that, for example, changing the partition never changes the
/// initial weights. Pass it with further ids: <c>new SeededRandom(seed, RandomStreams.LocalTraining, round, client)</c>.
/// </summary>
public static class RandomStreams
{
    /// <summary>Generating a synthetic dataset.</summary>
    public const long DataGeneration = 1;

    /// <summary>Splitting the training set across clients.</summary>
    public const long Partition = 2;

    /// <summary>Initial model parameters.</summary>
    public const long Initialization = 3;

    /// <summary>Choosing the clients of a round.</summary>
    public const long ClientSampling = 4;

    /// <summary>Minibatch order during a client's local training.</summary>
    public const long LocalTraining = 5;
}
