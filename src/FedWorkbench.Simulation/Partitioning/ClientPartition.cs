namespace FedWorkbench.Simulation.Partitioning;

/// <summary>
/// Which training samples each client holds, as index arrays into the training split. Every client holds at
/// least one sample and no sample belongs to two clients.
/// </summary>
public sealed class ClientPartition
{
    private readonly int[][] _clientIndices;

    /// <summary>Creates a partition from one index array per client.</summary>
    public ClientPartition(int[][] clientIndices)
    {
        ArgumentNullException.ThrowIfNull(clientIndices);
        _clientIndices = clientIndices;
    }

    /// <summary>Number of clients.</summary>
    public int ClientCount => _clientIndices.Length;

    /// <summary>Training sample indices of client <paramref name="client"/>.</summary>
    public ReadOnlySpan<int> IndicesOf(int client) => _clientIndices[client];

    /// <summary>Number of training samples client <paramref name="client"/> holds.</summary>
    public int SizeOf(int client) => _clientIndices[client].Length;
}
