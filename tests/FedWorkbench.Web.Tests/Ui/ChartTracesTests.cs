using FedWorkbench.Web.Components.Runs;

namespace FedWorkbench.Web.Tests.Ui;

public sealed class ChartTracesTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(-3.0)]
    [InlineData(1e28)]
    public void Point_DrawableValue_KeepsIt(double value)
    {
        // Act
        object point = ChartTraces.Point(value);

        // Assert
        Assert.Equal(value, Assert.IsType<double>(point));
    }

    [Theory]
    [InlineData(4.95e30)]
    [InlineData(-1e29)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(null)]
    public void Point_UndrawableValue_IsGap(double? value)
    {
        // Act
        object point = ChartTraces.Point(value);

        // Assert: null is a gap in a Plotly line; decimal, which Plotly.Blazor reads values back as, ends near 7.9e28.
        Assert.Null(point);
    }
}
