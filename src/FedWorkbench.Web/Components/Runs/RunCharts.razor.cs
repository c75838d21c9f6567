using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>
/// Line charts of a run's test accuracy, test loss and training loss by round. New rounds are appended with
/// Plotly's extendTraces, which sends only the new points to the browser instead of every series again.
/// </summary>
public partial class RunCharts
{
    private const int ChartCount = 2;

    // Plotly hover templates use d3-format: "," adds thousands separators, ".1%" a percentage with one decimal.
    private const string RoundHoverTitle = "Round %{x:,}";
    private const string AccuracyHover = "%{y:.1%}";
    private const string LossHover = "%{y:.4f}";

    private readonly Scatter _accuracy = CreateTrace("Test accuracy", "#3d5afe", AccuracyHover);
    private readonly Scatter _testLoss = CreateTrace("Test loss", "#f4511e", LossHover);
    private readonly Scatter _trainLoss = CreateTrace("Training loss", "#00897b", LossHover);
    private readonly List<RoundMetrics> _pending = [];
    private readonly Config _config = new() { Responsive = true, DisplayLogo = false };
    private IList<ITrace> _accuracyData = [];
    private IList<ITrace> _lossData = [];
    private PlotlyLayout _accuracyLayout = default!;
    private PlotlyLayout _lossLayout = default!;
    private PlotlyChart? _accuracyChart;
    private PlotlyChart? _lossChart;
    private int _renderedCharts;
    private int _roundCount;
    private int _lastRound;
    private int _lastAxisRound;

    /// <summary>Rounds drawn when the charts are first created. Read once: later changes are ignored.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<RoundMetrics> InitialRounds { get; set; } = [];

    /// <summary>Rounds the run will execute; the round axis spans them while the run is queued or running.</summary>
    [Parameter]
    public int TotalRounds { get; set; }

    /// <summary>Status of the run. Once the run has ended, the round axis fits the rounds it has.</summary>
    [Parameter]
    public RunStatus Status { get; set; }

    private string? EmptyMessage => RunChartAxis.EmptyMessage(Status, _roundCount);

    /// <summary>
    /// Appends rounds to the charts. Rounds passed before both charts exist in the browser wait and are sent
    /// as soon as the charts have been drawn.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<RoundMetrics> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (rounds.Count == 0)
        {
            return;
        }

        _roundCount += rounds.Count;
        _lastRound = Math.Max(_lastRound, rounds[^1].Round);
        StateHasChanged();
        if (_renderedCharts < ChartCount)
        {
            _pending.AddRange(rounds);
            return;
        }

        await ExtendAsync(rounds);
        await UpdateRoundAxisAsync();
    }

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        // The X and Y lists must exist before ExtendTraces, which appends to them on the .NET side as well.
        foreach (RoundMetrics round in InitialRounds)
        {
            AddPoint(_accuracy, round.Round, round.TestAccuracy);
            AddPoint(_testLoss, round.Round, round.TestLoss);
            AddPoint(_trainLoss, round.Round, round.TrainLoss);
        }

        _roundCount = InitialRounds.Count;
        _lastRound = InitialRounds.Count == 0 ? 0 : InitialRounds[^1].Round;
        _lastAxisRound = RunChartAxis.LastAxisRound(Status, TotalRounds, _lastRound);

        _accuracyData = [_accuracy];
        _lossData = [_testLoss, _trainLoss];
        _accuracyLayout = CreateLayout(_lastAxisRound);
        _accuracyLayout.YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Accuracy" }, TickFormat = ".0%", Range = [0m, 1m] }];
        _lossLayout = CreateLayout(_lastAxisRound);
        _lossLayout.YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Cross-entropy" }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero }];
    }

    /// <inheritdoc />
    protected override Task OnParametersSetAsync() => UpdateRoundAxisAsync();

    // Refits the round axis when the run ends or its planned rounds change. Before both charts are drawn, the
    // new range goes into the layouts that the first draw uses.
    private async Task UpdateRoundAxisAsync()
    {
        int lastAxisRound = RunChartAxis.LastAxisRound(Status, TotalRounds, _lastRound);
        if (lastAxisRound == _lastAxisRound || _accuracyLayout is null)
        {
            return;
        }

        _lastAxisRound = lastAxisRound;
        SetRoundAxis(_accuracyLayout.XAxis[0], lastAxisRound);
        SetRoundAxis(_lossLayout.XAxis[0], lastAxisRound);
        if (_renderedCharts == ChartCount)
        {
            await _accuracyChart!.Relayout();
            await _lossChart!.Relayout();
        }
    }

    private void OnChartRendered()
    {
        _renderedCharts++;
        if (_renderedCharts == ChartCount && _pending.Count > 0)
        {
            // Fire and forget: PlotlyChart calls this synchronous callback, and the method routes its own errors.
            _ = SendPendingAsync();
        }
    }

    private async Task SendPendingAsync()
    {
        try
        {
            RoundMetrics[] rounds = [.. _pending];
            _pending.Clear();
            await ExtendAsync(rounds);
            await UpdateRoundAxisAsync();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private async Task ExtendAsync(IReadOnlyList<RoundMetrics> rounds)
    {
        object[] x = [.. rounds.Select(round => (object)round.Round)];
        object[] accuracy = [.. rounds.Select(round => ToPoint(round.TestAccuracy))];
        object[] testLoss = [.. rounds.Select(round => ToPoint(round.TestLoss))];
        object[] trainLoss = [.. rounds.Select(round => ToPoint(round.TrainLoss))];

        await _accuracyChart!.ExtendTraces([x], [accuracy], [0]);
        await _lossChart!.ExtendTraces([x, x], [testLoss, trainLoss], [0, 1]);
    }

    private static void AddPoint(Scatter trace, int round, double? value)
    {
        trace.X.Add(round);
        trace.Y.Add(ToPoint(value));
    }

    // An undefined loss is null, and Plotly draws null as a gap in the line. NaN and infinity, which JSON
    // cannot carry, become null as well in case a value reaches the chart unfiltered.
    private static object ToPoint(double? value) => value is double number && double.IsFinite(number) ? number : null!;

    private static Scatter CreateTrace(string name, string color, string hoverTemplate) => new()
    {
        Name = name,
        Mode = ModeFlag.Lines | ModeFlag.Markers,
        X = new List<object>(),
        Y = new List<object>(),
        Line = new Line { Color = color, Width = 2 },
        Marker = new Marker { Color = color, Size = 5 },
        HoverTemplate = hoverTemplate,
    };

    private static void SetRoundAxis(XAxis axis, int lastAxisRound)
    {
        axis.Range = [0.5m, lastAxisRound + 0.5m];
        axis.DTick = RunChartAxis.TickStep(lastAxisRound);
    }

    // The chart titles are HTML headings above the charts, so the layouts have none. The legend sits top left,
    // clear of the mode bar that Plotly shows top right on hover.
    private static PlotlyLayout CreateLayout(int lastAxisRound)
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
            PaperBgColor = "rgba(0,0,0,0)",
            PlotBgColor = "rgba(0,0,0,0)",
        };
    }
}
