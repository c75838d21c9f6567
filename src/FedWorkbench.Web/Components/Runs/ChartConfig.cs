using Plotly.Blazor;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>The Plotly configuration that every chart of the app uses.</summary>
public static class ChartConfig
{
    /// <summary>Name of plotly.js's camera button, which downloads one image format only.</summary>
    public const string CameraButtonName = "toImage";

    /// <summary>
    /// Creates a configuration in which the chart resizes with its container and the mode bar shows no Plotly logo.
    /// The mode bar's PNG and SVG download buttons come from <c>wwwroot/js/chart-downloads.js</c>, because a button
    /// needs a JavaScript click function that this JSON configuration cannot carry. So this one removes the camera
    /// button that they replace.
    /// </summary>
    public static Config Create() => new()
    {
        Responsive = true,
        DisplayLogo = false,
        ModeBarButtonsToRemove = new[] { CameraButtonName },
    };
}
