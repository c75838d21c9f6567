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

    /// <summary>Whether a sampled client drops out of a round.</summary>
    public const long Dropout = 6;

    /// <summary>Choosing the malicious clients of a run.</summary>
    public const long Attackers = 7;

    /// <summary>The noise of the Gaussian attack's updates.</summary>
    public const long AttackNoise = 8;

    /// <summary>Stochastic rounding of compressed updates.</summary>
    public const long Compression = 9;

    /// <summary>Each client's compute speed and bandwidth.</summary>
    public const long SystemProfile = 10;

    /// <summary>Feature-skew noise added to a client's samples.</summary>
    public const long FeatureNoise = 11;

    /// <summary>Choosing each client's held-out samples.</summary>
    public const long HeldOut = 12;

    /// <summary>The server's Gaussian noise of central differential privacy, and the noise of the clipped-count estimate.</summary>
    public const long PrivacyNoise = 13;

    /// <summary>A client's own Gaussian noise under local differential privacy.</summary>
    public const long LocalPrivacyNoise = 14;

    /// <summary>Poisson sampling of the clients of a round.</summary>
    public const long PoissonSampling = 15;

    /// <summary>Secure aggregation's key pairs, self masks and secret-sharing polynomials.</summary>
    public const long SecureAggregation = 16;

    /// <summary>Dealing the training set out to client groups by their data shares.</summary>
    public const long GroupShares = 17;

    /// <summary>Holding out the test rows of an uploaded table, within each owner (the FedWorkbench.Data library).</summary>
    public const long TableSplit = 18;

    /// <summary>Subsampling the training split of a centralized baseline above its sample cap (the FedWorkbench.Data library).</summary>
    public const long BaselineSubsample = 19;
}
