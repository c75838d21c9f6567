using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Simulation.Tests.Configuration;

/// <summary>Validation of <see cref="ExperimentConfig.ClientGroups"/>: counts, shares and each group's settings.</summary>
public sealed class ClientGroupValidationTests
{
    private static readonly ClientGroupConfig Phones = new() { Name = "Phones", Count = 80, DataShare = 0.8 };

    private static readonly ClientGroupConfig Tablets = new()
    {
        Name = "Tablets",
        Count = 20,
        DataShare = 0.2,
        Partition = PartitionKind.Dirichlet,
        Dropout = 0.3,
        Attack = AttackKind.SignFlip,
        MaliciousFraction = 0.1,
    };

    private static readonly ExperimentConfig TwoGroups = new() { Clients = 100, ClientGroups = [Phones, Tablets] };

    [Fact]
    public void Validate_TwoGroups_AreValid()
    {
        Assert.Empty(ExperimentValidator.Validate(TwoGroups));
    }

    [Fact]
    public void Validate_Groups_IgnoreTopLevelClientSettings()
    {
        // Arrange: invalid top-level partition and attack settings that the groups replace.
        ExperimentConfig config = TwoGroups with
        {
            Partition = PartitionKind.Dirichlet,
            DirichletAlpha = 0,
            Dropout = 1,
            Attack = AttackKind.Scaling,
            AttackBoost = -1,
        };

        // Act and assert
        Assert.Empty(ExperimentValidator.Validate(config));
    }

    [Fact]
    public void Validate_CountSumDiffers_ExplainsFix()
    {
        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(TwoGroups with { Clients = 90 });

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal(nameof(ExperimentConfig.Clients), error.Field);
        Assert.Equal("The client groups have 100 clients together, but the number of clients is 90; set the number of clients to 100.", error.Message);
    }

    [Fact]
    public void Validate_TooManyGroups_NamesTheLimit()
    {
        // Arrange: 21 groups of one client with 1% of the data each.
        ClientGroupConfig[] groups = Enumerable.Repeat(new ClientGroupConfig { Count = 1, DataShare = 0.01 }, 21).ToArray();

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(new ExperimentConfig { Clients = 21, ClientGroups = groups });

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal(nameof(ExperimentConfig.ClientGroups), error.Field);
        Assert.StartsWith($"21 client groups given; use at most {ExperimentLimits.MaxClientGroups}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GroupWithoutClients_RejectsCount()
    {
        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(TwoGroups with
        {
            Clients = 80,
            ClientGroups = [Phones, Tablets with { Count = 0 }],
        });

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal("ClientGroups[1].Count", error.Field);
        Assert.Equal("Client group 2 (Tablets): Number of clients 0 is outside [1, 10,000].", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Validate_DataShareOutsideRange_RejectsIt(double share)
    {
        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(TwoGroups with { ClientGroups = [Phones, Tablets with { DataShare = share }] });

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal("ClientGroups[1].DataShare", error.Field);
        Assert.StartsWith($"Client group 2 (Tablets): Data share {share.ToString(System.Globalization.CultureInfo.InvariantCulture)} is outside (0, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShareBelowOneSample_RejectsDataShare()
    {
        // Arrange: ⌊0.00001·60,000⌋ = 0 Fashion-MNIST samples.
        ExperimentConfig config = TwoGroups with { ClientGroups = [Phones, Tablets with { DataShare = 0.00001 }] };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal("ClientGroups[1].DataShare", error.Field);
        Assert.Equal(
            "Client group 2 (Tablets): Data share 1E-05 of the 60,000 training samples of Fashion-MNIST gives the group no sample; enter at least 1.6666666666666667E-05.",
            error.Message);
    }

    [Fact]
    public void Validate_SharesAboveOne_RejectsClientGroups()
    {
        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(TwoGroups with { ClientGroups = [Phones, Tablets with { DataShare = 0.3 }] });

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal(nameof(ExperimentConfig.ClientGroups), error.Field);
        Assert.Equal("The data shares of the client groups add up to 1.1, more than 1; lower them so that their sum is at most 1.", error.Message);
    }

    [Fact]
    public void Validate_SharesRoundingAboveOne_Accepted()
    {
        // Arrange: 0.33 + 0.56 + 0.11 is 1.0000000000000002 in double arithmetic.
        ExperimentConfig config = new ExperimentConfig
        {
            Clients = 30,
            ClientGroups =
            [
                new ClientGroupConfig { Count = 10, DataShare = 0.33 },
                new ClientGroupConfig { Count = 10, DataShare = 0.56 },
                new ClientGroupConfig { Count = 10, DataShare = 0.11 },
            ],
        };
        Assert.True(0.33 + 0.56 + 0.11 > 1);

        // Act and assert
        Assert.Empty(ExperimentValidator.Validate(config));
    }

    [Fact]
    public void Validate_GroupDirichletAlpha_PrefixesTopLevelMessage()
    {
        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(TwoGroups with { ClientGroups = [Phones, Tablets with { DirichletAlpha = 0 }] });

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal("ClientGroups[1].DirichletAlpha", error.Field);
        string topLevel = ExperimentValidator.Validate(new ExperimentConfig { Partition = PartitionKind.Dirichlet, DirichletAlpha = 0 }).Single().Message;
        Assert.Equal($"Client group 2 (Tablets): {topLevel}", error.Message);
        Assert.StartsWith("Client group 2 (Tablets): Dirichlet α 0 is outside", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(ClientGroupConfig.Dropout))]
    [InlineData(nameof(ClientGroupConfig.ComputeSpeedMedian))]
    [InlineData(nameof(ClientGroupConfig.ComputeSpeedSpread))]
    [InlineData(nameof(ClientGroupConfig.BandwidthMedianMbps))]
    [InlineData(nameof(ClientGroupConfig.BandwidthSpread))]
    [InlineData(nameof(ClientGroupConfig.MaliciousFraction))]
    public void Validate_GroupReliability_PrefixesTopLevelMessage(string field)
    {
        // Arrange: the same invalid value at top level and in the group.
        ExperimentConfig topLevel = field switch
        {
            nameof(ClientGroupConfig.Dropout) => new ExperimentConfig { Dropout = 1 },
            nameof(ClientGroupConfig.ComputeSpeedMedian) => new ExperimentConfig { ComputeSpeedMedian = 0 },
            nameof(ClientGroupConfig.ComputeSpeedSpread) => new ExperimentConfig { ComputeSpeedSpread = -1 },
            nameof(ClientGroupConfig.BandwidthMedianMbps) => new ExperimentConfig { BandwidthMedianMbps = 0 },
            nameof(ClientGroupConfig.BandwidthSpread) => new ExperimentConfig { BandwidthSpread = -1 },
            _ => new ExperimentConfig { Attack = AttackKind.SignFlip, MaliciousFraction = 2 },
        };
        ClientGroupConfig group = field switch
        {
            nameof(ClientGroupConfig.Dropout) => Phones with { Dropout = 1 },
            nameof(ClientGroupConfig.ComputeSpeedMedian) => Phones with { ComputeSpeedMedian = 0 },
            nameof(ClientGroupConfig.ComputeSpeedSpread) => Phones with { ComputeSpeedSpread = -1 },
            nameof(ClientGroupConfig.BandwidthMedianMbps) => Phones with { BandwidthMedianMbps = 0 },
            nameof(ClientGroupConfig.BandwidthSpread) => Phones with { BandwidthSpread = -1 },
            _ => Phones with { Attack = AttackKind.SignFlip, MaliciousFraction = 2 },
        };

        // Act
        ValidationError expected = Assert.Single(ExperimentValidator.Validate(topLevel));
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(TwoGroups with { ClientGroups = [group, Tablets] });

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal($"ClientGroups[0].{field}", error.Field);
        Assert.Equal($"Client group 1 (Phones): {expected.Message}", error.Message);
    }

    [Fact]
    public void Validate_GroupAttackWithoutAttacker_NamesGroupSize()
    {
        // Arrange: ⌊0.04·20⌋ = 0 malicious tablets.
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(TwoGroups with { ClientGroups = [Phones, Tablets with { MaliciousFraction = 0.04 }] });

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal("ClientGroups[1].MaliciousFraction", error.Field);
        Assert.StartsWith("Client group 2 (Tablets): Malicious fraction 0.04 of 20 clients gives no malicious client", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GroupClientsAboveSamples_RejectsCount()
    {
        // Arrange: ⌊0.0001·60,000⌋ = 6 Fashion-MNIST samples for 20 tablets.
        ExperimentConfig config = TwoGroups with { ClientGroups = [Phones, Tablets with { DataShare = 0.0001, Partition = PartitionKind.Iid }] };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal("ClientGroups[1].Count", error.Field);
        Assert.Equal(
            "Client group 2 (Tablets): Its 0.0001 share of Fashion-MNIST has 6 training samples, so it cannot give each of 20 clients one; use at most 6 clients.",
            error.Message);
    }

    [Fact]
    public void Validate_GroupShardsAboveSamples_Rejected()
    {
        // Arrange: ⌊0.001·60,000⌋ = 60 samples, but 20 clients × 4 shards = 80 shards.
        ExperimentConfig config = TwoGroups with
        {
            ClientGroups = [Phones, Tablets with { DataShare = 0.001, Partition = PartitionKind.Shards, ShardsPerClient = 4 }],
        };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal("ClientGroups[1].ShardsPerClient", error.Field);
        Assert.Equal(
            "Client group 2 (Tablets): 20 clients × 4 shards per client = 80 shards, more than the 60 training samples of its 0.001 share of Fashion-MNIST; use at most 3 shards per client or fewer clients.",
            error.Message);
    }

    [Fact]
    public void Validate_GroupMinimumSizeAboveSamples_Rejected()
    {
        // Arrange: ⌊0.001·60,000⌋ = 60 samples, but 20 clients × 10 = 200.
        ExperimentConfig config = TwoGroups with { ClientGroups = [Phones, Tablets with { DataShare = 0.001 }] };

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(config);

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal("ClientGroups[1].MinClientSize", error.Field);
        Assert.StartsWith("Client group 2 (Tablets): 20 clients × minimum client size 10 = 200 exceeds the 60 training samples of its 0.001 share of Fashion-MNIST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GroupNameTooLong_RejectsName()
    {
        // Arrange
        string name = new('x', ExperimentLimits.MaxNameLength + 1);

        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(TwoGroups with { ClientGroups = [Phones with { Name = name }, Tablets] });

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal("ClientGroups[0].Name", error.Field);
        Assert.EndsWith($"Name is {name.Length} characters long; use at most {ExperimentLimits.MaxNameLength}.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GroupNameWithLineBreak_RejectsName()
    {
        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(TwoGroups with { ClientGroups = [Phones with { Name = "Pho\nnes" }, Tablets] });

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal("ClientGroups[0].Name", error.Field);
        Assert.EndsWith("Name contains the invisible character U+000A at position 4; use visible characters only.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GroupNaNInUnusedSetting_RejectsIt()
    {
        // Act: the IID phones do not read the quantity α, but JSON cannot hold NaN.
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(TwoGroups with { ClientGroups = [Phones with { QuantityAlpha = double.NaN }, Tablets] });

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.Equal("ClientGroups[0].QuantityAlpha", error.Field);
        Assert.Equal("Client group 1 (Phones): quantityAlpha is NaN, not a finite number; enter a number such as its default, 0.5.", error.Message);
    }

    [Fact]
    public void Validate_UnnamedGroup_NamedByNumber()
    {
        // Act
        IReadOnlyList<ValidationError> errors = ExperimentValidator.Validate(TwoGroups with { ClientGroups = [Phones, Tablets with { Name = null, Dropout = -1 }] });

        // Assert
        ValidationError error = Assert.Single(errors);
        Assert.StartsWith("Client group 2: Dropout probability -1 is outside [0, 1)", error.Message, StringComparison.Ordinal);
    }
}
