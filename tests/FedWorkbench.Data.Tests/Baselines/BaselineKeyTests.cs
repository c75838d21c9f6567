using System.Security.Cryptography;
using System.Text;
using FedWorkbench.Data.Baselines;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Data.Tests.Baselines;

public sealed class BaselineKeyTests
{
    private static readonly BaselineSettings Settings = new();

    [Fact]
    public void Create_WritesCanonicalValue()
    {
        // Act
        BaselineKey maximumEntropy = BaselineKey.Create("fashion-mnist", BaselineKind.MaximumEntropy, Settings);
        BaselineKey engine = BaselineKey.Create("fashion-mnist", BaselineKind.Engine, Settings with { LearningRate = 0.1 });

        // Assert: a changed format would orphan every cached result, so the text is pinned.
        Assert.Equal(
            $"v1;dataset=fashion-mnist;kind=maximum-entropy;seed=42;max-training-samples={BaselineSettings.DefaultMaxTrainingSamples}",
            maximumEntropy.Value);
        Assert.Equal(
            "v1;dataset=fashion-mnist;kind=engine;seed=42;model=mlp;hidden-layers=200,200;learning-rate=0.1;batch-size=10;epochs=5",
            engine.Value);
        Assert.Equal(engine.Value, engine.ToString());
    }

    [Fact]
    public void Create_HashIsSha256OfValue()
    {
        // Act
        BaselineKey key = BaselineKey.Create("upload 7", BaselineKind.LightGbm, Settings);

        // Assert
        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.Value)));
        Assert.Equal(expected, key.Hash);
        Assert.Equal(64, key.Hash.Length);
    }

    [Fact]
    public void Create_SameInputs_GiveEqualKeys()
    {
        // Act
        BaselineKey first = BaselineKey.Create("fashion-mnist", BaselineKind.Engine, Settings with { HiddenLayers = [64, 32] });
        BaselineKey second = BaselineKey.Create("fashion-mnist", BaselineKind.Engine, Settings with { HiddenLayers = [64, 32] });

        // Assert: the hidden layer lists are different instances with the same widths.
        Assert.Equal(first, second);
        Assert.Equal(first.Hash, second.Hash);
    }

    [Fact]
    public void Create_IgnoresUnreadSettings()
    {
        // Arrange
        BaselineSettings engineChanged = Settings with { LearningRate = 0.5, BatchSize = 64, Epochs = 9, HiddenLayers = [8] };
        BaselineSettings capChanged = Settings with { MaxTrainingSamples = 100 };
        BaselineSettings softmax = Settings with { Model = ModelKind.Softmax };

        // Act and assert
        Assert.Equal(Key(BaselineKind.MaximumEntropy, Settings), Key(BaselineKind.MaximumEntropy, engineChanged));
        Assert.Equal(Key(BaselineKind.LightGbm, Settings), Key(BaselineKind.LightGbm, engineChanged));
        Assert.Equal(Key(BaselineKind.Engine, Settings), Key(BaselineKind.Engine, capChanged));
        Assert.Equal(Key(BaselineKind.Engine, softmax), Key(BaselineKind.Engine, softmax with { HiddenLayers = [8] }));
    }

    [Fact]
    public void Create_ChangedReadSetting_ChangesKey()
    {
        // Arrange
        (BaselineKind Kind, BaselineSettings Settings)[] changes =
        [
            (BaselineKind.Engine, Settings with { Seed = 1 }),
            (BaselineKind.Engine, Settings with { Model = ModelKind.Softmax }),
            (BaselineKind.Engine, Settings with { HiddenLayers = [200] }),
            (BaselineKind.Engine, Settings with { LearningRate = 0.050000001 }),
            (BaselineKind.Engine, Settings with { BatchSize = 11 }),
            (BaselineKind.Engine, Settings with { Epochs = 6 }),
            (BaselineKind.MaximumEntropy, Settings with { Seed = 1 }),
            (BaselineKind.MaximumEntropy, Settings with { MaxTrainingSamples = 100 }),
            (BaselineKind.LightGbm, Settings with { Seed = 1 }),
            (BaselineKind.LightGbm, Settings with { MaxTrainingSamples = 100 }),
        ];

        // Act and assert
        foreach ((BaselineKind kind, BaselineSettings changed) in changes)
        {
            Assert.NotEqual(Key(kind, Settings), Key(kind, changed));
        }

        Assert.NotEqual(Key(BaselineKind.MaximumEntropy, Settings), Key(BaselineKind.LightGbm, Settings));
        Assert.NotEqual(Key(BaselineKind.MaximumEntropy, Settings), BaselineKey.Create("other", BaselineKind.MaximumEntropy, Settings));
    }

    [Fact]
    public void Create_EscapesDatasetId()
    {
        // Act: an identity that imitates the parts after it.
        BaselineKey key = BaselineKey.Create("a;kind=engine", BaselineKind.LightGbm, Settings);

        // Assert
        Assert.StartsWith("v1;dataset=a%3Bkind%3Dengine;kind=lightgbm;", key.Value);
    }

    [Fact]
    public void Create_EmptyDatasetId_Throws()
    {
        // Act and assert
        Assert.Throws<ArgumentException>(() => BaselineKey.Create(" ", BaselineKind.Engine, Settings));
    }

    private static BaselineKey Key(BaselineKind kind, BaselineSettings settings) => BaselineKey.Create("fashion-mnist", kind, settings);
}
