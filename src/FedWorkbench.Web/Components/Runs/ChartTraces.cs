using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>Plotly traces and points shared by the run page and the compare page.</summary>
internal static class ChartTraces
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

    /// <summary>Converts a metric to a chart point: null, which Plotly draws as a gap, when it is missing or not finite.</summary>
    public static object Point(double? value) => value is double number && double.IsFinite(number) ? number : null!;
}
