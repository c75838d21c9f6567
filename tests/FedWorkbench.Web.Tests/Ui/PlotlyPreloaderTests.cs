using FedWorkbench.Web.Components.Runs;
using Plotly.Blazor;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>
/// The preloader repeats paths that are internal to Plotly.Blazor, so these tests fail when the package version
/// changes and the paths must be checked again.
/// </summary>
public sealed class PlotlyPreloaderTests
{
    [Fact]
    public void PlotlyBlazorVersion_MatchesPackage()
    {
        Version? version = typeof(PlotlyChart).Assembly.GetName().Version;

        Assert.NotNull(version);
        Assert.Equal(PlotlyPreloader.PlotlyBlazorVersion, version.ToString(3));
    }

    [Fact]
    public void InteropPath_NamesPackageVersion()
    {
        Assert.Equal($"./_content/Plotly.Blazor/plotly-interop-{PlotlyPreloader.PlotlyBlazorVersion}.js", PlotlyPreloader.InteropPath);
    }

    [Fact]
    public void WarmUpInteropSerialization_FindsPackageInternals()
    {
        Exception? failure = Record.Exception(PlotlyPreloader.WarmUpInteropSerialization);

        Assert.Null(failure);
    }
}
