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
    public static ClientSystemModel Create(ExperimentConfig config) => Create(config, ClientPopulation.Create(config));

    /// <summary>
    /// Draws the profile of every client of <paramref name="population"/> from the medians and spreads of the
    /// client's group, with the client's global index in the stream ids.
    /// </summary>
    public static ClientSystemModel Create(ExperimentConfig config, ClientPopulation population)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(population);
        var speeds = new double[population.ClientCount];
        var bandwidths = new double[population.ClientCount];
        for (int client = 0; client < population.ClientCount; client++)
        {
            ClientGroupConfig group = population.SettingsOf(client);
            double medianBytesPerSecond = group.BandwidthMedianMbps * 1e6 / 8;
            var random = new SeededRandom(config.Seed, RandomStreams.SystemProfile, client);
            double speedZ = random.NextGaussian();
            double bandwidthZ = random.NextGaussian();
            speeds[client] = group.ComputeSpeedMedian * Math.Exp(group.ComputeSpeedSpread * speedZ);
            bandwidths[client] = medianBytesPerSecond * Math.Exp(group.BandwidthSpread * bandwidthZ);
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
