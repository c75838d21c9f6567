using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Training.Systems;

/// <summary>
/// Each client's compute speed and bandwidth, drawn once per run by the seed from log-normal distributions,
/// and the simulated duration of a client's part in a round.
/// </summary>
internal sealed class ClientSystemModel
{
    /// <summary>Draws the profile of every client of <paramref name="config"/>.</summary>
    public static ClientSystemModel Create(ExperimentConfig config) => throw new NotImplementedException("TODO: client helper");

    /// <summary>Trained samples per second of <paramref name="client"/>.</summary>
    public double ComputeSpeed(int client) => throw new NotImplementedException("TODO: client helper");

    /// <summary>Bytes per second of <paramref name="client"/>'s link, the same in both directions.</summary>
    public double BytesPerSecond(int client) => throw new NotImplementedException("TODO: client helper");

    /// <summary>
    /// Simulated seconds from the server sending the model until the client's update arrives: download, then
    /// <paramref name="trainedSamples"/> of local training, then upload.
    /// </summary>
    public double UpdateSeconds(int client, long trainedSamples, long bytesDown, long bytesUp) =>
        throw new NotImplementedException("TODO: client helper");
}
