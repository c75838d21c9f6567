using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Randomness;

namespace FedWorkbench.Simulation.Training.Systems;

/// <summary>
/// Each client's compute speed and bandwidth, drawn once per run by the seed from log-normal distributions,
/// and the simulated duration of a client's part in a round.
/// </summary>
/// <remarks>
/// Client k draws z₁ then z₂ from N(0, 1) with <c>SeededRandom(seed, RandomStreams.SystemProfile, k)</c>, and gets
/// speed = median speed·exp(σ_speed·z₁) and bandwidth = median bandwidth·exp(σ_bandwidth·z₂). The medians of
/// these distributions are the configured medians, and σ = 0 gives every client exactly the median.
/// </remarks>
internal sealed class ClientSystemModel
{
    private readonly double[] _samplesPerSecond;
    private readonly double[] _bytesPerSecond;

    private ClientSystemModel(double[] samplesPerSecond, double[] bytesPerSecond)
    {
        _samplesPerSecond = samplesPerSecond;
        _bytesPerSecond = bytesPerSecond;
    }

    /// <summary>Draws the profile of every client of <paramref name="config"/>.</summary>
    public static ClientSystemModel Create(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var speeds = new double[config.Clients];
        var bandwidths = new double[config.Clients];
        double medianBytesPerSecond = config.BandwidthMedianMbps * 1e6 / 8;
        for (int client = 0; client < config.Clients; client++)
        {
            var random = new SeededRandom(config.Seed, RandomStreams.SystemProfile, client);
            double speedZ = random.NextGaussian();
            double bandwidthZ = random.NextGaussian();
            speeds[client] = config.ComputeSpeedMedian * Math.Exp(config.ComputeSpeedSpread * speedZ);
            bandwidths[client] = medianBytesPerSecond * Math.Exp(config.BandwidthSpread * bandwidthZ);
        }

        return new ClientSystemModel(speeds, bandwidths);
    }

    /// <summary>Trained samples per second of <paramref name="client"/>.</summary>
    public double ComputeSpeed(int client) => _samplesPerSecond[client];

    /// <summary>Bytes per second of <paramref name="client"/>'s link, the same in both directions.</summary>
    public double BytesPerSecond(int client) => _bytesPerSecond[client];

    /// <summary>
    /// Simulated seconds from the server sending the model until the client's update arrives: download, then
    /// <paramref name="trainedSamples"/> of local training, then upload.
    /// </summary>
    public double UpdateSeconds(int client, long trainedSamples, long bytesDown, long bytesUp)
    {
        double bandwidth = _bytesPerSecond[client];
        return (bytesDown / bandwidth) + (trainedSamples / _samplesPerSecond[client]) + (bytesUp / bandwidth);
    }
}
