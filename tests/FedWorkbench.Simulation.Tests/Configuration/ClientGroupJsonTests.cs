using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Tests.Configuration;

/// <summary>The <c>clientGroups</c> list of the experiment file.</summary>
public sealed class ClientGroupJsonTests
{
    [Fact]
    public void SerializeThenDeserialize_KeepsGroups()
    {
        // Arrange
        var config = new ExperimentConfig
        {
            Clients = 100,
            ClientGroups =
            [
                new ClientGroupConfig { Name = "Phones", Count = 80, DataShare = 0.8 },
                new ClientGroupConfig { Name = "Tablets", Count = 20, DataShare = 0.2, Partition = PartitionKind.Dirichlet, DirichletAlpha = 0.3, Dropout = 0.3, Attack = AttackKind.SignFlip, MaliciousFraction = 0.1 },
            ],
        };

        // Act
        string json = ExperimentJson.Serialize(config);
        ExperimentConfig roundTrip = ExperimentJson.Deserialize(json);

        // Assert
        Assert.Contains("\"clientGroups\": [", json, StringComparison.Ordinal);
        Assert.Contains("\"attack\": \"sign-flip\"", json, StringComparison.Ordinal);
        Assert.Equal(config.ClientGroups, roundTrip.ClientGroups);
        Assert.Equal(json, ExperimentJson.Serialize(roundTrip));
    }

    [Fact]
    public void Deserialize_MissingGroupProperties_TakeDefaults()
    {
        // Act
        ExperimentConfig config = ExperimentJson.Deserialize("""{ "clients": 5, "clientGroups": [ { "count": 5 } ] }""");

        // Assert
        ClientGroupConfig group = Assert.Single(config.ClientGroups);
        Assert.Equal(new ClientGroupConfig { Count = 5 }, group);
    }

    [Theory]
    [InlineData("""{ "clientGroups": [ { "count": "many" } ] }""", "at $.clientGroups[0].count (line 1): \"count\" must be a whole number")]
    [InlineData("""{ "clientGroups": [ { "partition": "random" } ] }""", "\"partition\" must be one of \"iid\"")]
    [InlineData("""{ "clientGroups": [ { "dataShare": 0.5, "dataShare": 0.4 } ] }""", "\"dataShare\" appears more than once")]
    [InlineData("""{ "clientGroups": [ { "colour": "red" } ] }""", "unknown property")]
    [InlineData("""{ "clientGroups": 3 }""", "\"clientGroups\" must be a list of client groups")]
    public void Deserialize_InvalidGroup_ListsAcceptedValues(string json, string expected)
    {
        // Act
        var exception = Assert.Throws<ExperimentException>(() => ExperimentJson.Deserialize(json));

        // Assert
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", exception.Message, StringComparison.Ordinal);
    }
}
