using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Tests.Configuration;

public sealed class ExperimentJsonTests
{
    [Fact]
    public void SerializeThenDeserialize_ReturnsEqualSettings()
    {
        var config = new ExperimentConfig
        {
            Name = "Dirichlet 0.3",
            Dataset = DatasetKind.Synthetic,
            Model = ModelKind.Mlp,
            HiddenLayers = [64, 32],
            Partition = PartitionKind.Dirichlet,
            DirichletAlpha = 0.3,
            Rounds = 12,
        };

        ExperimentConfig roundTrip = ExperimentJson.Deserialize(ExperimentJson.Serialize(config));

        // Records compare lists by reference, so the lists are compared element by element first.
        Assert.Equal(config.HiddenLayers, roundTrip.HiddenLayers);
        Assert.Equal(config.ClientGroups, roundTrip.ClientGroups);
        Assert.Equal(config with { HiddenLayers = roundTrip.HiddenLayers, ClientGroups = roundTrip.ClientGroups }, roundTrip);
    }

    [Fact]
    public void Serialize_WritesKebabCaseEnums()
    {
        string json = ExperimentJson.Serialize(new ExperimentConfig());

        Assert.Contains("\"dataset\": \"fashion-mnist\"", json, StringComparison.Ordinal);
        Assert.Contains("\"partition\": \"iid\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"rounds\": \"3\"}", "\"rounds\" must be a whole number from 1 to 1,000, such as 10.")]
    [InlineData("{\"rounds\": 3.5}", "\"rounds\" must be a whole number from 1 to 1,000, such as 10.")]
    [InlineData("{\"rounds\": 1e400}", "\"rounds\" must be a whole number from 1 to 1,000, such as 10.")]
    [InlineData("{\"seed\": 99999999999}", "\"seed\" must be a whole number from -2,147,483,648 to 2,147,483,647, such as 10.")]
    [InlineData("{\"Rounds\": 3}", "unknown property.")]
    [InlineData("{\"name\": \"a\", \"name\": \"b\"}", "\"name\" appears more than once; keep one.")]
    [InlineData("{\"learningRate\": \"fast\"}", "\"learningRate\" must be a number such as 0.1.")]
    [InlineData("{\"dataset\": \"mnist\"}", "\"dataset\" must be one of \"fashion-mnist\", \"synthetic\", \"table\".")]
    [InlineData("{\"dataset\": 1}", "\"dataset\" must be one of \"fashion-mnist\", \"synthetic\", \"table\".")]
    [InlineData("{\"hiddenLayers\": [200, \"x\"]}", "\"hiddenLayers\" must be a list of whole numbers such as [200, 200].")]
    [InlineData("[1, 2]", "expected a JSON object such as {\"rounds\": 30}.")]
    [InlineData("", "the file is empty; expected a JSON object such as {\"rounds\": 30}.")]
    [InlineData("{\"round\": 3}", "unknown property.")]
    public void Deserialize_InvalidValue_ExplainsWhatIsAccepted(string json, string expected)
    {
        var exception = Assert.Throws<ExperimentException>(() => ExperimentJson.Deserialize(json));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("isFinalBlock", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_SyntaxError_NamesTheLine()
    {
        var exception = Assert.Throws<ExperimentException>(() => ExperimentJson.Deserialize("{\n  \"rounds\": 3,\n  oops\n}"));

        Assert.Contains("(line 3)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("it is not valid JSON", exception.Message, StringComparison.Ordinal);
    }
}
