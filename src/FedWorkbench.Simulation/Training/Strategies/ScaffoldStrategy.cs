using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Training.Checkpoints;

namespace FedWorkbench.Simulation.Training.Strategies;

/// <summary>
/// SCAFFOLD, option II (Karimireddy et al. 2020, "SCAFFOLD: Stochastic Controlled Averaging for Federated
/// Learning"). Each client adds the correction c − c_i to every local gradient. After training,
/// c_i⁺ = c_i − c − Δ_k/(τ_k·η_l). The server applies θ ← θ + η_g·Δ with Δ the unweighted mean of the deltas,
/// and c ← c + (1/K)·Σ_k (c_i⁺ − c_i) over the clients that reported.
/// </summary>
/// <remarks>
/// c is sent down with the model and Δc_i = c_i⁺ − c_i up with the update, one extra vector each way. A client's
/// c_i is allocated when that client first reports, so memory grows to K·P float32 values at most.
/// </remarks>
internal sealed class ScaffoldStrategy : FedAvgStrategy
{
    private readonly double _learningRate;
    private readonly int _clients;
    private readonly float[] _serverVariate;
    private readonly float[]?[] _clientVariates;
    private readonly double[] _variateChangeSum;

    /// <summary>Reads η_g from <see cref="ExperimentConfig.ServerLearningRate"/> (default 1) and K from <see cref="ExperimentConfig.Clients"/>.</summary>
    public ScaffoldStrategy(ExperimentConfig config, int parameterCount)
        : base(config, parameterCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(config.Clients);
        _learningRate = StrategyDefaults.ServerLearningRate(config);
        _clients = config.Clients;
        _serverVariate = new float[parameterCount];
        _clientVariates = new float[]?[config.Clients];
        _variateChangeSum = new double[parameterCount];
    }

    /// <inheritdoc/>
    public override int ExtraVectorsDown => 1;

    /// <inheritdoc/>
    public override int ExtraVectorsUp => 1;

    /// <summary>The server control variate c. Callers must not change it.</summary>
    public ReadOnlySpan<float> ServerVariate => _serverVariate;

    /// <summary>Returns client <paramref name="client"/>'s control variate c_i, or an empty span while it is still 0.</summary>
    public ReadOnlySpan<float> ClientVariate(int client) => _clientVariates[client];

    /// <inheritdoc/>
    /// <remarks>The sum of Δc_i is cleared at the end of every round, so it is not part of the state.</remarks>
    public override IReadOnlyList<StateSection> CreateStateSections() =>
    [
        new FloatVectorSection("SCSV", "SCAFFOLD's server control variate c", _serverVariate),
        new ClientVectorsSection("SCCV", "SCAFFOLD's client control variates c_i", _clientVariates, ParameterCount),
    ];

    /// <inheritdoc/>
    /// <remarks>Only reads state, and returns a new array, so clients can call it from several threads at once.</remarks>
    public override ClientTrainingOptions ClientOptions(int client)
    {
        float[]? clientVariate = _clientVariates[client];
        var correction = new float[ParameterCount];
        for (int i = 0; i < correction.Length; i++)
        {
            correction[i] = clientVariate is null ? _serverVariate[i] : _serverVariate[i] - clientVariate[i];
        }

        return new ClientTrainingOptions(Correction: correction);
    }

    /// <inheritdoc/>
    public override bool ReadsClientDeltas => true;

    /// <inheritdoc/>
    public override void OnClientAccepted(int client, ReadOnlySpan<float> delta, int localSteps, float learningRate)
    {
        if (delta.Length != ParameterCount)
        {
            throw new ArgumentException($"The update has {delta.Length} values, but the model has {ParameterCount} parameters.", nameof(delta));
        }

        if (!(learningRate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The client learning rate must be positive.");
        }

        // NOTE: an update that reports no local step, as the Gaussian attacker's does, counts as one step, so
        // that the control variate does not divide by zero.
        double inverseStepLength = 1.0 / (Math.Max(1, localSteps) * (double)learningRate);
        float[] clientVariate = _clientVariates[client] ??= new float[ParameterCount];
        for (int i = 0; i < delta.Length; i++)
        {
            // c_i⁺ − c_i = −c − Δ_k/(τ_k·η_l).
            double change = -_serverVariate[i] - (delta[i] * inverseStepLength);
            _variateChangeSum[i] += change;
            clientVariate[i] = (float)(clientVariate[i] + change);
        }
    }

    /// <inheritdoc/>
    public override void ApplyServerUpdate(Span<float> global, ReadOnlySpan<float> pseudoGradient) =>
        AddScaled(global, pseudoGradient, _learningRate);

    /// <inheritdoc/>
    /// <remarks>Applies c ← c + (1/K)·Σ Δc_i, then clears the sum for the next round.</remarks>
    public override void EndRound(int aggregatedClients)
    {
        for (int i = 0; i < _serverVariate.Length; i++)
        {
            _serverVariate[i] = (float)(_serverVariate[i] + (_variateChangeSum[i] / _clients));
        }

        Array.Clear(_variateChangeSum);
    }
}
