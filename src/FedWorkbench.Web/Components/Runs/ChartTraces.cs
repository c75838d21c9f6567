using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>Plotly traces and points shared by the run page and the compare page.</summary>
public static class ChartTraces
{
    /// <summary>Creates an empty line-and-markers trace that points are appended to.</summary>
    public static Scatter Line(string name, string color, string hoverTemplate, int markerSize) => new()
    {
        Name = name,
        Mode = ModeFlag.Lines | ModeFlag.Markers,
        X = new List<object>(),
        Y = new List<object>(),
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = color, Width = 2 },
        Marker = new Marker { Color = color, Size = markerSize },
        HoverTemplate = hoverTemplate,
    };

    /// <summary>
    /// Largest magnitude a chart draws. Plotly.Blazor reads chart values back as <see cref="decimal"/>, whose range
    /// ends near 7.9e28, and a larger value (the loss of a diverged run) breaks the page.
    /// </summary>
    public const double MaxValue = 1e28;

    /// <summary>
    /// Converts a metric to a chart point: null, which Plotly draws as a gap, when it is missing, not finite or
    /// larger in magnitude than <see cref="MaxValue"/>.
    /// </summary>
    public static object Point(double? value) => value is double number && Math.Abs(number) <= MaxValue ? number : null!;
}
