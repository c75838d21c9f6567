using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;

namespace FedWorkbench.Simulation.Tests.Data;

public sealed class DatasetCatalogTests : IDisposable
{
    private readonly IdxTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void GetFashionMnist_FailedLoad_RetriesAfterInstall()
    {
        // Arrange: an empty folder, into which the installed files are linked after the first call.
        var catalog = new DatasetCatalog(_folder.Path);
        var config = new ExperimentConfig { Dataset = DatasetKind.FashionMnist };
        bool installedBefore = catalog.IsFashionMnistInstalled();
        var error = Assert.Throws<ExperimentException>(() => catalog.Get(config));

        // Act
        foreach (string name in FashionMnistLoader.FileNames)
        {
            File.CreateSymbolicLink(Path.Combine(_folder.Path, name), Path.Combine(DatasetCatalog.DefaultFashionMnistFolder, name));
        }

        bool installedAfter = catalog.IsFashionMnistInstalled();
        Dataset first = catalog.Get(config);
        Dataset second = catalog.Get(config);

        // Assert
        Assert.False(installedBefore);
        Assert.Contains("was not found", error.Message);
        Assert.True(installedAfter);
        Assert.Equal(60_000, first.Train.Count);
        Assert.Same(first, second);
    }

    [Fact]
    public void GetFashionMnist_ConcurrentCalls_ShareOneInstance()
    {
        // Arrange
        var catalog = new DatasetCatalog();

        // Act
        Dataset[] results = new Dataset[4];
        Parallel.For(0, results.Length, i => results[i] = catalog.GetFashionMnist());

        // Assert
        Assert.All(results, dataset => Assert.Same(results[0], dataset));
    }

    [Fact]
    public void Get_Synthetic_CachesBySettings()
    {
        // Arrange
        var catalog = new DatasetCatalog(_folder.Path);
        var config = new ExperimentConfig { Dataset = DatasetKind.Synthetic, SyntheticAlpha = 0.5, SyntheticBeta = 0.5, Seed = 1 };

        // Act
        Dataset first = catalog.Get(config);
        Dataset again = catalog.Get(config with { Clients = 3, Partition = PartitionKind.Dirichlet });
        Dataset otherSeed = catalog.Get(config with { Seed = 2 });
        Dataset otherBeta = catalog.Get(config with { SyntheticBeta = 1 });

        // Assert: settings that do not shape the data share the instance.
        Assert.Same(first, again);
        Assert.NotSame(first, otherSeed);
        Assert.NotSame(first, otherBeta);
        Assert.Equal("Synthetic(0.5, 0.5)", first.Name);
    }

    [Fact]
    public void GetSynthetic_BeyondCapacity_EvictsLeastRecent()
    {
        // Arrange: the cache is full after MaxCachedSyntheticDatasets seeds. Seed 0 is then used again, so seed 1
        // is the least recently used one.
        var catalog = new DatasetCatalog(_folder.Path);
        Dataset[] cached = Enumerable.Range(0, DatasetCatalog.MaxCachedSyntheticDatasets)
            .Select(seed => catalog.GetSynthetic(1, 1, seed))
            .ToArray();
        catalog.GetSynthetic(1, 1, seed: 0);

        // Act
        catalog.GetSynthetic(1, 1, seed: 100);
        Dataset seedZero = catalog.GetSynthetic(1, 1, seed: 0);
        Dataset seedOne = catalog.GetSynthetic(1, 1, seed: 1);

        // Assert: seed 1 was generated again, with the same content.
        Assert.Same(cached[0], seedZero);
        Assert.NotSame(cached[1], seedOne);
        Assert.Equal(cached[1].Train.Features.ToArray(), seedOne.Train.Features.ToArray());
    }

    [Fact]
    public void IsFashionMnistInstalled_DefaultFolder_ReturnsTrue()
    {
        // Arrange
        var catalog = new DatasetCatalog();

        // Act
        bool installed = catalog.IsFashionMnistInstalled();

        // Assert
        Assert.True(installed);
        Assert.Equal(DatasetCatalog.DefaultFashionMnistFolder, catalog.FashionMnistFolder);
    }
}
