using System.Text.Json;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>The properties panel shows only the settings that a run reads under the element's own choices.</summary>
public sealed class RoomSettingUseTests
{
    // An element's properties as the board stores them: every schema default, then the given values.
    private static Dictionary<string, JsonElement> Props(string type, params (string Name, object? Value)[] values)
    {
        Dictionary<string, JsonElement> props = BoardSchema.Find(type)!.Properties.ToDictionary(p => p.Name, p => p.Default);
        foreach ((string name, object? value) in values)
        {
            props[name] = JsonSerializer.SerializeToElement(value);
        }

        return props;
    }

    private static string[] Shown(string type, params (string Name, object? Value)[] values) =>
        [.. RoomPropertyForm.Fields(type, Props(type, values)).Select(f => f.Name)];

    [Fact]
    public void ClientGroup_Classes_HidesOtherPartitionSettings()
    {
        string[] shown = Shown(BoardElementTypes.ClientGroup, ("partition", "classes"));

        Assert.Contains("classesPerClient", shown);
        Assert.DoesNotContain("dirichletAlpha", shown);
        Assert.DoesNotContain("minClientSize", shown);
        Assert.DoesNotContain("shardsPerClient", shown);
        Assert.DoesNotContain("quantityAlpha", shown);
        Assert.DoesNotContain("featureNoiseSigma", shown);
        Assert.Contains("count", shown);
        Assert.Contains("dataShare", shown);
        Assert.Contains("text", shown);
    }

    [Fact]
    public void ClientGroup_Dirichlet_ShowsAlphaAndMinimumSize()
    {
        string[] shown = Shown(BoardElementTypes.ClientGroup, ("partition", "dirichlet"));

        Assert.Contains("dirichletAlpha", shown);
        Assert.Contains("minClientSize", shown);
        Assert.DoesNotContain("classesPerClient", shown);
    }

    [Fact]
    public void ClientGroup_Attack_ShowsOnlyItsSettings()
    {
        string[] none = Shown(BoardElementTypes.ClientGroup, ("attack", "none"));
        string[] scaling = Shown(BoardElementTypes.ClientGroup, ("attack", "scaling"));

        Assert.DoesNotContain("maliciousFraction", none);
        Assert.DoesNotContain("attackBoost", none);
        Assert.Contains("maliciousFraction", scaling);
        Assert.Contains("attackBoost", scaling);
        Assert.DoesNotContain("attackNoiseStd", scaling);
    }

    [Fact]
    public void Server_FedAvg_HidesStrategyAndAggregationSettings()
    {
        string[] shown = Shown(BoardElementTypes.Server, ("strategy", "fedavg"), ("aggregation", "mean"), ("compression", "none"));

        Assert.Contains("learningRate", shown);
        Assert.Contains("rounds", shown);
        Assert.DoesNotContain("proximalMu", shown);
        Assert.DoesNotContain("serverMomentum", shown);
        Assert.DoesNotContain("beta1", shown);
        Assert.DoesNotContain("beta2", shown);
        Assert.DoesNotContain("tau", shown);
        Assert.DoesNotContain("trimFraction", shown);
        Assert.DoesNotContain("krumSelected", shown);
        Assert.DoesNotContain("topKFraction", shown);
    }

    [Fact]
    public void Server_Choices_ShowTheirSettings()
    {
        Assert.Contains("proximalMu", Shown(BoardElementTypes.Server, ("strategy", "fedprox")));
        Assert.Contains("serverMomentum", Shown(BoardElementTypes.Server, ("strategy", "fedavgm")));
        Assert.Contains("beta2", Shown(BoardElementTypes.Server, ("strategy", "fedadam")));
        Assert.DoesNotContain("beta2", Shown(BoardElementTypes.Server, ("strategy", "fedadagrad")));
        Assert.Contains("trimFraction", Shown(BoardElementTypes.Server, ("aggregation", "trimmed-mean")));
        Assert.Contains("krumSelected", Shown(BoardElementTypes.Server, ("aggregation", "multi-krum")));
        Assert.Contains("topKFraction", Shown(BoardElementTypes.Server, ("compression", "topk")));
    }

    [Fact]
    public void Server_AlwaysShowsRoundFailures()
    {
        // Secure aggregation lives on a privacy element, which the server's panel cannot see.
        Assert.Contains("roundFailures", Shown(BoardElementTypes.Server));
    }

    [Fact]
    public void Privacy_SecureAggregation_ShowsOnlyThreshold()
    {
        string[] shown = Shown(BoardElementTypes.Privacy, ("mechanism", BoardSchema.SecureAggregationMechanism));

        Assert.Equal(["text", "color", "mechanism", "secureAggregationThreshold"], shown);
    }

    [Fact]
    public void Privacy_LocalDifferentialPrivacy_ShowsLocalEpsilon()
    {
        string[] shown = Shown(BoardElementTypes.Privacy,
            ("mechanism", BoardSchema.DifferentialPrivacyMechanism), ("differentialPrivacy", "local"));

        Assert.Contains("localEpsilon", shown);
        Assert.Contains("clipNorm", shown);
        Assert.DoesNotContain("noiseMultiplier", shown);
        Assert.DoesNotContain("clipQuantile", shown);
        Assert.DoesNotContain("secureAggregationThreshold", shown);
    }

    [Fact]
    public void Privacy_TargetEpsilon_HidesNoiseMultiplier()
    {
        string[] fixedNoise = Shown(BoardElementTypes.Privacy, ("differentialPrivacy", "central"), ("targetEpsilon", null));
        string[] target = Shown(BoardElementTypes.Privacy, ("differentialPrivacy", "central"), ("targetEpsilon", 4.0));

        Assert.Contains("noiseMultiplier", fixedNoise);
        Assert.DoesNotContain("noiseMultiplier", target);
    }

    [Fact]
    public void DataSourceAndModel_FollowTheirChoice()
    {
        Assert.DoesNotContain("syntheticAlpha", Shown(BoardElementTypes.DataSource, ("dataset", "fashion-mnist")));
        Assert.Contains("syntheticBeta", Shown(BoardElementTypes.DataSource, ("dataset", "synthetic")));
        Assert.DoesNotContain("hiddenLayers", Shown(BoardElementTypes.Model, ("model", "softmax")));
        Assert.Contains("hiddenLayers", Shown(BoardElementTypes.Model, ("model", "mlp")));
    }
}
