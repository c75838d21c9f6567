using FedWorkbench.Simulation.Partitioning;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>
/// The run's partition: a clients-by-labels heatmap of training samples and a histogram of client sizes. The
/// partition arrives once per run, so the charts are drawn once, when it first becomes known.
/// </summary>
public partial class PartitionCharts
{
    private readonly Config _config = ChartConfig.Create();
    private PartitionStatistics? _drawn;
    private PartitionView? _view;
    private IList<ITrace> _heatmapData = [];
    private IList<ITrace> _histogramData = [];
    private PlotlyLayout _heatmapLayout = new();
    private PlotlyLayout _histogramLayout = new();

    /// <summary>The run's partition statistics; null until the engine has split the data.</summary>
    [Parameter]
    public PartitionStatistics? Partition { get; set; }

    /// <summary>Status of the run, which decides the message shown while there is no partition.</summary>
    [Parameter]
    public RunStatus Status { get; set; }

    private string? EmptyMessage => PartitionView.EmptyMessage(Status, _view is not null);

    // What the last render showed. The run page renders after every flush of rounds, and these charts change
    // only when the partition arrives or the status changes its message.
    private (PartitionStatistics? Partition, string? Message) _rendered;

    /// <inheritdoc />
    protected override bool ShouldRender() => _rendered != (_drawn, EmptyMessage);

    // Called by the markup at the start of every render.
    private void RememberRendered() => _rendered = (_drawn, EmptyMessage);

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        if (Partition is null || ReferenceEquals(Partition, _drawn))
        {
            return;
        }

        _drawn = Partition;
        _view = PartitionView.From(Partition);
        _heatmapData = [CreateHeatmap(_view)];
        _histogramData = [CreateHistogram(_view)];
        _heatmapLayout = CreateHeatmapLayout();
        _histogramLayout = CreateHistogramLayout(_view);
    }

    private static HeatMap CreateHeatmap(PartitionView view) => new()
    {
        Z = [.. view.HeatmapRows.Select(row => (object)row)],
        X = [.. view.LabelNames.Cast<object>()],
        Y = [.. view.HeatmapClientNames.Cast<object>()],
        // Plotly's Blues runs from dark to light, so it is reversed to draw more samples darker, as the confusion matrix does.
        ColorScale = "Blues",
        ReverseScale = true,
        HoverTemplate = "%{y}, label %{x}: %{z:,} samples<extra></extra>",
    };

    private static Histogram CreateHistogram(PartitionView view) => new()
    {
        X = [.. view.Statistics.ClientSizes.Select(size => (object)size)],
        Marker = new Plotly.Blazor.Traces.HistogramLib.Marker { Color = "#3d5afe" },
        HoverTemplate = "%{x} samples: %{y:,} clients<extra></extra>",
    };

    // Client 1 is at the top, as in a table.
    private static PlotlyLayout CreateHeatmapLayout() => new()
    {
        Height = 320,
        Margin = new Margin { L = 80, R = 16, T = 16, B = 48 },
        // Class and owner names can be longer than the margins, so the axes grow them.
        XAxis =
        [
            new XAxis
            {
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "Label" },
                Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category,
                AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True,
            },
        ],
        YAxis =
        [
            new YAxis
            {
                AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed,
                Type = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Category,
                AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True,
            },
        ],
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
    };

    // With one client size, Plotly's automatic ticks repeat that value across the narrow bar ("540 540 540"), so
    // the axis gets one tick at the size instead.
    private static PlotlyLayout CreateHistogramLayout(PartitionView view)
    {
        var sizeAxis = new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "Training samples" }, TickFormat = ",d" };
        if (view.CommonClientSize is int size)
        {
            sizeAxis.TickMode = Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Array;
            sizeAxis.TickVals = [size];
            sizeAxis.TickText = [view.CommonClientSizeLabel!];
        }

        return new PlotlyLayout
        {
            Height = 320,
            Margin = new Margin { L = 64, R = 16, T = 16, B = 48 },
            XAxis = [sizeAxis],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Clients" }, TickFormat = ",d" }],
            BarGap = 0.05m,
            PaperBgColor = "rgba(0,0,0,0)",
            PlotBgColor = "rgba(0,0,0,0)",
        };
    }
}
