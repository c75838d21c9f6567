using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class PrivacySeriesTests
{
    private static RoundMetrics Round(int round) => FakeRunService.Round(round, 0.5);

    [Fact]
    public void Add_BoundedEpsilon_KeepsLatest()
    {
        var series = new PrivacySeries();

        IReadOnlyList<PrivacyChartPoint> points = series.Add(
        [
            Round(1) with { Epsilon = 0.5, ClipNorm = 1.0 },
            Round(2) with { Epsilon = 0.75, ClipNorm = 0.9 },
        ]);

        Assert.Equal([new PrivacyChartPoint(1, 0.5, 1.0), new PrivacyChartPoint(2, 0.75, 0.9)], points);
        Assert.False(series.IsUnbounded);
        Assert.Equal(0.75, series.LatestEpsilon);
        Assert.Equal(2, series.LatestEpsilonRound);
        Assert.True(series.HasClipNorm);
        Assert.Null(series.EpsilonMessage(RunStatus.Running));
        Assert.Equal("ε = 0.75 after round 2 (δ = 0.00001)", series.Headline(1e-5));
    }

    [Fact]
    public void Add_Unbounded_ShowsMessageNotNumber()
    {
        var series = new PrivacySeries();

        PrivacyChartPoint point = series.Add(Round(1) with { EpsilonUnbounded = true, ClipNorm = 1.0 });

        Assert.Null(point.Epsilon);
        Assert.True(series.IsUnbounded);
        Assert.Null(series.LatestEpsilon);
        Assert.Equal(PrivacyNotes.UnboundedMessage, series.EpsilonMessage(RunStatus.Completed));
        Assert.Equal("ε: unbounded (z = 0)", series.Headline(1e-5));
    }

    [Fact]
    public void Add_UnboundedEpsilonWithValue_IgnoresValue()
    {
        // A round flagged unbounded draws a gap even if a producer also filled in a number.
        var series = new PrivacySeries();

        PrivacyChartPoint point = series.Add(Round(1) with { Epsilon = 3, EpsilonUnbounded = true });

        Assert.Null(point.Epsilon);
        Assert.Null(series.LatestEpsilon);
    }

    [Fact]
    public void EpsilonMessage_RoundsWithoutEpsilon_SaysNotRecorded()
    {
        var series = new PrivacySeries();
        Assert.NotNull(series.EpsilonMessage(RunStatus.Queued));

        series.Add(Round(1));

        Assert.Equal(PrivacySeries.NotRecordedMessage, series.EpsilonMessage(RunStatus.Completed));
        Assert.Null(series.Headline(1e-5));
        Assert.False(series.HasClipNorm);
        Assert.Equal(PrivacySeries.NoClipNormMessage, series.ClipNormMessage(RunStatus.Completed));
    }

    [Fact]
    public void ClipNormMessage_WithClipNorm_IsNull()
    {
        var series = new PrivacySeries();

        series.Add(Round(1) with { Epsilon = 1, ClipNorm = 0.5 });

        Assert.Null(series.ClipNormMessage(RunStatus.Running));
    }

    [Fact]
    public void Add_SecureAggregation_SumsCost()
    {
        var first = new MaskedUpdateValues(3, [0.5], [17u]);
        var second = new MaskedUpdateValues(8, [-0.25], [4_000_000_000u]);
        var series = new PrivacySeries();

        series.Add(
        [
            Round(1) with { SecureAggregationBytes = 600_000, SecureAggregationSeconds = 0.25, MaskedUpdate = first },
            Round(2) with { SecureAggregationBytes = 640_000, SecureAggregationSeconds = 0.1, MaskedUpdate = second },
            Round(3) with { SecureAggregationBytes = 0, GlobalModelKeptReason = "Too few clients reported." },
        ]);

        Assert.Equal(1_240_000, series.SecureAggregationBytes);
        Assert.Equal(0.35, series.SecureAggregationSeconds, 12);
        Assert.Equal(second, series.LatestMaskedUpdate);
        Assert.Equal(2, series.LatestMaskedUpdateRound);
        Assert.Equal(
            // 3 rounds of 5 selected clients: 1,240,000 B / 15 = 82,666 B and 350 ms / 15 = 23.3 ms each.
            "Secure aggregation added 1.2 MB of traffic (keys, shares and ring encoding) and 0.35 s of masking and unmasking over 3 rounds, " +
            "about 82.7 kB and 23.3 ms per selected client and round.",
            series.SecureAggregationNote());
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(1_000, "1 kB")]
    [InlineData(1_240_000, "1.2 MB")]
    [InlineData(1_260_000, "1.3 MB")]
    [InlineData(3_400_000_000, "3.4 GB")]
    public void FormatBytes_UsesDecimalPrefixes(long bytes, string expected)
    {
        Assert.Equal(expected, PrivacySeries.FormatBytes(bytes));
    }

    [Fact]
    public void MaskedUpdateRows_FormatsBothColumns()
    {
        var sample = new MaskedUpdateValues(1, [0.012345678, null], [4_294_967_295u, 0u]);

        Assert.Equal("0.01235", MaskedUpdateRows.Value(sample, 0));
        Assert.Equal("–", MaskedUpdateRows.Value(sample, 1));
        Assert.Equal("4,294,967,295", MaskedUpdateRows.Masked(sample, 0));
        Assert.Equal("0", MaskedUpdateRows.Masked(sample, 1));
    }
}
