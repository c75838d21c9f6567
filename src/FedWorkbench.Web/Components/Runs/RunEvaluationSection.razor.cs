using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>
/// The evaluation report of a completed run's final model: the totals, precision, recall and F1 score per class, and
/// the confusion matrix as a heatmap. The run page loads the report and passes it in.
/// </summary>
public sealed partial class RunEvaluationSection
{
    // Rows the per-class table shows before it scrolls.
    private const int VisibleTableRows = 12;

    private readonly Config _config = ChartConfig.Create();
    private EvaluationView? _view;
    private IList<ITrace> _heatmapData = [];
    private PlotlyLayout _heatmapLayout = new();
    private RunEvaluationState? _rendered;

    /// <summary>The loaded evaluation; null or <see cref="RunEvaluationState.Loading"/> while it loads.</summary>
    [Parameter]
    public RunEvaluationState? Evaluation { get; set; }

    // A table taller than the heatmap would push the page down for runs with many classes.
    private string? TableHeight => _view is { Rows.Count: > VisibleTableRows } ? $"{_view.HeatmapHeight}px" : null;

    /// <inheritdoc />
    /// <remarks>The page renders for reasons of its own; the heatmap is drawn again only when the evaluation changes.</remarks>
    protected override bool ShouldRender() => !ReferenceEquals(_rendered, Evaluation);

    // Called by the markup at the start of every render.
    private void RememberRendered() => _rendered = Evaluation;

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_view, Evaluation?.View))
        {
            return;
        }

        _view = Evaluation?.View;
        if (_view is not null)
        {
            _heatmapData = [CreateHeatmap(_view)];
            _heatmapLayout = CreateHeatmapLayout(_view);
        }
    }

    private static HeatMap CreateHeatmap(EvaluationView view)
    {
        object[] classNames = [.. view.Report.ClassNames];
        return new HeatMap
        {
            Z = [.. view.Report.ConfusionMatrix.Select(row => (object)row.ToArray())],
            X = classNames,
            Y = classNames,
            // Plotly's "Blues" runs from dark to light, so it is reversed to make the largest counts the darkest.
            ColorScale = "Blues",
            ReverseScale = true,
            ColorBar = new Plotly.Blazor.Traces.HeatMapLib.ColorBar { Title = new Plotly.Blazor.Traces.HeatMapLib.ColorBarLib.Title { Text = "Samples" } },
            TextTemplate = view.ShowsCellCounts ? "%{z:,}" : null,
            HoverTemplate = "Actual %{y}, predicted %{x}: %{z:,} samples<extra></extra>",
        };
    }

    // The first class is at the top left, as in a table. Category axes keep numeric class names such as "0" and "1"
    // from being read as numbers.
    private static PlotlyLayout CreateHeatmapLayout(EvaluationView view) => new()
    {
        Height = view.HeatmapHeight,
        Margin = new Margin { L = 16, R = 16, T = 16, B = 16 },
        XAxis =
        [
            new XAxis
            {
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "Predicted" },
                Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category,
                AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True,
            },
        ],
        YAxis =
        [
            new YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Actual" },
                Type = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Category,
                AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed,
                AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True,
            },
        ],
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
    };
}
