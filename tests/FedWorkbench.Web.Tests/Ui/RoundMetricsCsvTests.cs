using System.Globalization;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class RoundMetricsCsvTests
{
    private const string Header =
        "round,testAccuracy,testLoss,trainLoss,sampledClients,aggregatedClients,trainedSamples,roundSeconds,elapsedSeconds," +
        "rejectedClients,reportedClients,droppedClients,maliciousClients,bytesDown,bytesUp,simulatedSeconds," +
        "clientAccuracyClients,clientAccuracyMean,clientAccuracyStd,clientAccuracyWorst10,globalModelKeptReason," +
        "epsilon,epsilonUnbounded,clipNorm,clippedFraction,secureAggregationBytes,secureAggregationSeconds";

    // Cells of the newer columns for a round that has none of their values and 0 in their counts.
    private const string EmptyNewCells = ",0,0,0,0,,,,,,,,,,false,,,0,0";

    [Fact]
    public void Write_OneRowPerRound()
    {
        // Arrange
        RoundMetrics[] rounds =
        [
            new(1, 0.8125, 0.5432109876, 0.61, 10, 10, 6_000, 0.25, 0.25),
            new(2, 0.84, 0.5, 0.55, 10, 9, 5_400, 1.5, 1.75),
        ];

        // Act
        string csv = RoundMetricsCsv.Write(rounds);

        // Assert
        string[] lines = csv.Split("\r\n");
        Assert.Equal(4, lines.Length);
        Assert.Equal(Header, lines[0]);
        Assert.Equal("1,0.8125,0.5432109876,0.61,10,10,6000,0.25,0.25" + EmptyNewCells, lines[1]);
        Assert.Equal("2,0.84,0.5,0.55,10,9,5400,1.5,1.75" + EmptyNewCells, lines[2]);
        Assert.Equal(string.Empty, lines[3]);
    }

    [Fact]
    public void Write_UndefinedLossesAreEmptyCells()
    {
        RoundMetrics[] rounds = [new(3, 0.1, null, null, 5, 0, 0, 0.5, 2.5)];

        string csv = RoundMetricsCsv.Write(rounds);

        Assert.Equal($"{Header}\r\n3,0.1,,,5,0,0,0.5,2.5{EmptyNewCells}\r\n", csv);
    }

    [Fact]
    public void Write_NonFiniteValuesAreEmptyCells()
    {
        RoundMetrics[] rounds = [new(1, 0.1, double.NaN, double.PositiveInfinity, 5, 5, 100, 0.5, 0.5)];

        string csv = RoundMetricsCsv.Write(rounds);

        Assert.EndsWith($"\r\n1,0.1,,,5,5,100,0.5,0.5{EmptyNewCells}\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NewColumnsInHeaderOrder()
    {
        RoundMetrics round = new(4, 0.5, 0.75, 0.625, 12, 6, 3_600, 0.5, 2.0)
        {
            RejectedClients = 1,
            ReportedClients = 7,
            DroppedClients = 3,
            MaliciousClients = 2,
            BytesDown = 3_000_000_000L,
            BytesUp = 250_000,
            SimulatedSeconds = 12.25,
            ClientAccuracyClients = 9,
            ClientAccuracyMean = 0.625,
            ClientAccuracyStd = 0.125,
            ClientAccuracyWorst10 = 0.25,
            GlobalModelKeptReason = "Aggregation failed: Krum needs n ≥ 2f + 3, got n = 4, f = 1, so \"krum\" kept it",
        };

        string csv = RoundMetricsCsv.Write([round]);

        Assert.Equal(
            $"{Header}\r\n4,0.5,0.75,0.625,12,6,3600,0.5,2,1,7,3,2,3000000000,250000,12.25,9,0.625,0.125,0.25," +
            "\"Aggregation failed: Krum needs n ≥ 2f + 3, got n = 4, f = 1, so \"\"krum\"\" kept it\",,false,,,0,0\r\n",
            csv);
    }

    [Fact]
    public void Write_PrivacyColumns()
    {
        RoundMetrics bounded = new(1, 0.5, 0.75, 0.625, 10, 10, 100, 0.5, 0.5)
        {
            Epsilon = 0.734375,
            ClipNorm = 0.8125,
            ClippedFraction = 0.3,
            SecureAggregationBytes = 81_920,
            SecureAggregationSeconds = 0.125,
        };
        RoundMetrics unbounded = new(2, 0.5, 0.75, 0.625, 10, 10, 100, 0.5, 1.0) { EpsilonUnbounded = true, ClipNorm = 1 };

        string[] lines = RoundMetricsCsv.Write([bounded, unbounded]).Split("\r\n");

        Assert.EndsWith(",0.734375,false,0.8125,0.3,81920,0.125", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",,true,1,,0,0", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Write_HeaderOnlyWithoutRounds()
    {
        Assert.Equal($"{Header}\r\n", RoundMetricsCsv.Write([]));
    }

    [Fact]
    public void Write_IgnoresCurrentCulture()
    {
        // Arrange: a culture that writes 0,5 for one half, as German does, which would split the cell in two. The
        // tests run in globalization-invariant mode, so the culture is built from the invariant one.
        var commaDecimals = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaDecimals.NumberFormat.NumberDecimalSeparator = ",";
        commaDecimals.NumberFormat.NumberGroupSeparator = ".";
        CultureInfo original = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = commaDecimals;
        try
        {
            string csv = RoundMetricsCsv.Write([new RoundMetrics(1_000, 0.5, 1.25, 0.75, 1_000, 1_000, 60_000, 12.5, 12_500.5)]);

            Assert.EndsWith($"\r\n1000,0.5,1.25,0.75,1000,1000,60000,12.5,12500.5{EmptyNewCells}\r\n", csv, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Theory]
    [InlineData("IID baseline", "iid-baseline.metrics.csv")]
    [InlineData("  Dirichlet α=0.1 / K=100 ", "dirichlet-0-1-k-100.metrics.csv")]
    [InlineData("αβγ", "run-01a242f8-80fc-7f15-bfc7-c1bb91cc2244.metrics.csv")]
    [InlineData("", "run-01a242f8-80fc-7f15-bfc7-c1bb91cc2244.metrics.csv")]
    public void FileNameFor_UsesRunName(string name, string expected)
    {
        var run = new RunSummary(Guid.Parse("01a242f8-80fc-7f15-bfc7-c1bb91cc2244"), name, RunStatus.Completed,
            DateTimeOffset.UnixEpoch, null, null, 0, 1, null, null, null);

        Assert.Equal(expected, RoundMetricsCsv.FileNameFor(run));
    }

    [Fact]
    public void Write_OneColumnPerGroup()
    {
        // Arrange: three groups, a group without a value, and a round stored before group accuracy was recorded.
        RoundMetrics[] rounds =
        [
            new RoundMetrics(1, 0.5, 0.5, 0.5, 10, 10, 100, 0.5, 0.5) { GroupAccuracy = [0.8125, null, 1.0 / 3.0] },
            new RoundMetrics(2, 0.5, 0.5, 0.5, 10, 10, 100, 0.5, 1.0),
        ];

        // Act
        string[] lines = RoundMetricsCsv.Write(rounds, groupCount: 3).Split("\r\n");

        // Assert
        Assert.Equal($"{Header},groupAccuracy1,groupAccuracy2,groupAccuracy3", lines[0]);
        Assert.Equal($"1,0.5,0.5,0.5,10,10,100,0.5,0.5{EmptyNewCells},0.8125,,0.3333333333333333", lines[1]);
        Assert.Equal($"2,0.5,0.5,0.5,10,10,100,0.5,1{EmptyNewCells},,,", lines[2]);
        Assert.Equal(lines[0].Split(',').Length, lines[1].Split(',').Length);
    }

    [Fact]
    public void Write_LongerGroupListAddsColumns()
    {
        RoundMetrics[] rounds = [new RoundMetrics(1, 0.5, 0.5, 0.5, 10, 10, 100, 0.5, 0.5) { GroupAccuracy = [0.25, 0.75] }];

        string[] lines = RoundMetricsCsv.Write(rounds).Split("\r\n");

        Assert.Equal(RoundMetricsCsv.HeaderFor(2), lines[0]);
        Assert.EndsWith(",groupAccuracy1,groupAccuracy2", lines[0], StringComparison.Ordinal);
        Assert.EndsWith($"{EmptyNewCells},0.25,0.75", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderFor_NoGroups_IsHeader()
    {
        Assert.Equal(Header, RoundMetricsCsv.HeaderFor(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoundMetricsCsv.HeaderFor(-1));
    }
}
