using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Data.Tests;

/// <summary>
/// The shipped sample wwwroot/samples/hospital-discharges.csv, which has missing numbers and categories, featurized
/// with discharge_outcome as the label and hospital as the owner.
/// </summary>
internal static class HospitalSample
{
    /// <summary>Full path of the sample file.</summary>
    public static readonly string FilePath = Path.Combine(RepositoryRoot(), "wwwroot", "samples", "hospital-discharges.csv");

    /// <summary>Returns the sample featurized with seed 42, and the sample as a table.</summary>
    public static (TabularDataset Dataset, CsvTable Table) Load()
    {
        byte[] bytes = File.ReadAllBytes(FilePath);
        var source = new TableSource
        {
            Id = TableSourceLoader.ComputeId(bytes),
            FileName = "hospital-discharges.csv",
            LabelColumn = "discharge_outcome",
            OwnerColumn = "hospital",
        };
        TabularDataset dataset = TableSourceLoader.Load(bytes, source, seed: 42);
        CsvTable table = CsvTableReader.Read(new MemoryStream(bytes));
        return (dataset, table);
    }


    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FedWorkbench.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"FedWorkbench.sln was not found above {AppContext.BaseDirectory}.");
    }
}
