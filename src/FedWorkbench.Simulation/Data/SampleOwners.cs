namespace FedWorkbench.Simulation.Data;

/// <summary>
/// The owner of every sample of a dataset (a site, a bank, a device), which the natural partition turns into one
/// client per owner.
/// </summary>
public sealed class SampleOwners
{
    private readonly int[] _train;
    private readonly int[] _test;

    /// <summary>Creates the owners; every index must be below the number of <paramref name="names"/>.</summary>
    /// <param name="names">Distinct owner names; owner i is client i under the natural partition.</param>
    /// <param name="train">Owner index of each training sample, which the owners take ownership of.</param>
    /// <param name="test">Owner index of each test sample, which the owners take ownership of.</param>
    public SampleOwners(IReadOnlyList<string> names, int[] train, int[] test)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (names.Count == 0)
        {
            throw new ArgumentException("Owners need at least one name.", nameof(names));
        }

        CheckIndices(train, names.Count, nameof(train));
        CheckIndices(test, names.Count, nameof(test));
        Names = names;
        _train = train;
        _test = test;
    }

    /// <summary>Owner names, indexed by owner.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of owners.</summary>
    public int Count => Names.Count;

    /// <summary>Owner index of each training sample.</summary>
    public ReadOnlySpan<int> Train => _train;

    /// <summary>Owner index of each test sample.</summary>
    public ReadOnlySpan<int> Test => _test;

    private static void CheckIndices(int[] owners, int count, string name)
    {
        for (int sample = 0; sample < owners.Length; sample++)
        {
            if ((uint)owners[sample] >= (uint)count)
            {
                throw new ArgumentException($"Owner {owners[sample]} of sample {sample} is outside [0, {count}).", name);
            }
        }
    }
}
