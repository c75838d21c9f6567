using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>The traces and layouts of <see cref="RunCharts"/>.</summary>
public partial class RunCharts
{
    // Plotly hover templates use d3-format: "," adds thousands separators, ".1%" a percentage with one decimal,
    // "~s" an SI prefix (k, M, G) without trailing zeros.
    private const string RoundHoverTitle = "Round %{x:,}";
    private const string AccuracyHover = "%{y:.1%}";
    private const string LossHover = "%{y:.4f}";
    private const string CountHover = "%{y:,}";
    private const string BytesHover = "%{y:.3~s}B";
    private const string SecondsHover = "%{y:,.1f} s";

    private readonly Scatter _accuracy = CreateTrace("Test accuracy", "#3d5afe", AccuracyHover);
    private readonly Scatter _testLoss = CreateTrace("Test loss", "#f4511e", LossHover);
    private readonly Scatter _trainLoss = CreateTrace("Training loss", "#00897b", LossHover);

    // The band is two traces: the lower edge without a line, and the upper edge filled down to it ("tonexty").
    private readonly Scatter _clientAccuracyLower = CreateBandEdge("Mean − 1 std", fill: null);
    private readonly Scatter _clientAccuracyUpper = CreateBandEdge("Mean ± 1 std", FillEnum.ToNextY);
    private readonly Scatter _clientAccuracyMean = CreateTrace("Mean client accuracy", "#3d5afe", AccuracyHover);
    private readonly Scatter _clientAccuracyWorst10 = CreateTrace("Worst 10% of clients", "#e53935", AccuracyHover);
    private readonly List<Scatter> _groupAccuracy = [];

    private readonly Scatter _reportedClients = CreateTrace("Reported", "#00897b", CountHover);
    private readonly Scatter _droppedClients = CreateTrace("Dropped", "#fb8c00", CountHover);
    private readonly Scatter _maliciousClients = CreateTrace("Malicious", "#8e24aa", CountHover);
    private readonly Scatter _rejectedClients = CreateTrace("Rejected", "#e53935", CountHover);

    private readonly Scatter _bytesDown = CreateTrace("Down (to clients)", "#3d5afe", BytesHover);
    // Without compression, dropout or over-selection, bytes up equal bytes down, and a solid up line would hide
    // the down line under it. The dashed line and open markers leave the line below visible.
    private readonly Scatter _bytesUp = CreateDashedTrace("Up (to the server)", "#f4511e", BytesHover);

    private readonly Scatter _simulatedSeconds = CreateTrace("Simulated time", "#00897b", SecondsHover);

    private IList<ITrace> _accuracyData = [];
    private IList<ITrace> _lossData = [];
    private IList<ITrace> _clientAccuracyData = [];
    private IList<ITrace> _clientsData = [];
    private IList<ITrace> _bytesData = [];
    private IList<ITrace> _timeData = [];
    private PlotlyLayout _accuracyLayout = default!;
    private PlotlyLayout _lossLayout = default!;
    private PlotlyLayout _clientAccuracyLayout = default!;
    private PlotlyLayout _clientsLayout = default!;
    private PlotlyLayout _bytesLayout = default!;
    private PlotlyLayout _timeLayout = default!;

    private void CreateLayouts(int lastAxisRound)
    {
        _accuracyData = [_accuracy];
        _lossData = [_testLoss, _trainLoss];
        _clientAccuracyData = [_clientAccuracyLower, _clientAccuracyUpper, _clientAccuracyMean, _clientAccuracyWorst10, .. _groupAccuracy];
        _clientsData = [_reportedClients, _droppedClients, _maliciousClients, _rejectedClients];
        _bytesData = [_bytesDown, _bytesUp];
        _timeData = [_simulatedSeconds];

        _accuracyLayout = CreateLayout(lastAxisRound, AccuracyAxis());
        _lossLayout = CreateLayout(lastAxisRound, new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Cross-entropy" }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero });
        _clientAccuracyLayout = CreateLayout(lastAxisRound, AccuracyAxis());
        _clientsLayout = CreateLayout(lastAxisRound, new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Clients" }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.NonNegative });
        _bytesLayout = CreateLayout(lastAxisRound, new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Bytes" }, TickFormat = "~s", RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.NonNegative });
        _timeLayout = CreateLayout(lastAxisRound, new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Seconds" }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.NonNegative });
    }

    private static YAxis AccuracyAxis() =>
        new() { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Accuracy" }, TickFormat = ".0%", Range = [0m, 1m] };

    private static Scatter CreateTrace(string name, string color, string hoverTemplate) =>
        ChartTraces.Line(name, color, hoverTemplate, markerSize: 5);

    private static Scatter CreateDashedTrace(string name, string color, string hoverTemplate)
    {
        Scatter trace = CreateTrace(name, color, hoverTemplate);
        trace.Line.Dash = "dash";
        trace.Marker.Symbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.CircleOpen;
        return trace;
    }

    // Group lines are dotted, so that they stand apart from the solid mean and worst-10% lines whatever their color.
    private static Scatter CreateGroupTrace(string name, int group)
    {
        Scatter trace = CreateTrace(name, Ui.RunComparisonPalette.Color(group), AccuracyHover);
        trace.Line.Dash = "dot";
        return trace;
    }

    // Both edges share one legend entry through the upper edge; the lower edge has no line and no legend entry.
    private static Scatter CreateBandEdge(string name, FillEnum? fill) => new()
    {
        Name = name,
        Mode = ModeFlag.Lines,
        X = new List<object>(),
        Y = new List<object>(),
        Line = new Line { Color = "rgba(61,90,254,0)", Width = 0 },
        Fill = fill,
        FillColor = "rgba(61,90,254,0.15)",
        ShowLegend = fill is not null,
        HoverTemplate = AccuracyHover,
    };

    private static void SetRoundAxis(XAxis axis, int lastAxisRound)
    {
        axis.Range = [0.5m, lastAxisRound + 0.5m];
        axis.DTick = Ui.RunChartAxis.TickStep(lastAxisRound);
    }

    // The chart titles are HTML headings above the charts, so the layouts have none. The legend sits top left,
    // clear of the mode bar that Plotly shows top right on hover.
    internal static PlotlyLayout CreateLayout(int lastAxisRound, YAxis valueAxis)
    {
        var roundAxis = new XAxis
        {
            Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "Round" },
            TickMode = Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Linear,
            Tick0 = 0,
            TickFormat = ",d",
            UnifiedHoverTitle = new Plotly.Blazor.LayoutLib.XAxisLib.UnifiedHoverTitle { Text = RoundHoverTitle },
        };
        SetRoundAxis(roundAxis, lastAxisRound);

        return new PlotlyLayout
        {
            Height = 320,
            Margin = new Margin { L = 64, R = 16, T = 32, B = 48 },
            HoverMode = HoverModeEnum.XUnified,
            ShowLegend = true,
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.02m, YAnchor = Plotly.Blazor.LayoutLib.LegendLib.YAnchorEnum.Bottom, X = 0m, XAnchor = Plotly.Blazor.LayoutLib.LegendLib.XAnchorEnum.Left }],
            XAxis = [roundAxis],
            YAxis = [valueAxis],
            PaperBgColor = "rgba(0,0,0,0)",
            PlotBgColor = "rgba(0,0,0,0)",
        };
    }
}
