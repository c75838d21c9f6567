using FedWorkbench.Web.Runs;
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

    private readonly Scatter _accuracy = CreateTrace("Test accuracy", "#3d5afe");
    private readonly Scatter _testLoss = CreateTrace("Test loss", "#f4511e");
    private readonly Scatter _trainLoss = CreateTrace("Training loss", "#00897b");
    private readonly List<RoundMetrics> _pending = [];
    private readonly Config _config = new() { Responsive = true, DisplayLogo = false };
    private IList<ITrace> _accuracyData = [];
    private IList<ITrace> _lossData = [];
    private PlotlyLayout _accuracyLayout = default!;
    private PlotlyLayout _lossLayout = default!;
    private PlotlyChart? _accuracyChart;
    private PlotlyChart? _lossChart;
    private int _renderedCharts;

    /// <summary>Rounds drawn when the charts are first created. Read once: later changes are ignored.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<RoundMetrics> InitialRounds { get; set; } = [];

    /// <summary>Rounds the run will execute; the round axis spans them from the start.</summary>
    [Parameter]
    public int TotalRounds { get; set; }

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

        if (_renderedCharts < ChartCount)
        {
            _pending.AddRange(rounds);
            return;
        }

        await ExtendAsync(rounds);
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

        _accuracyData = [_accuracy];
        _lossData = [_testLoss, _trainLoss];
        _accuracyLayout = CreateLayout("Test accuracy", TotalRounds);
        _accuracyLayout.YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Accuracy" }, TickFormat = ".0%", Range = [0m, 1m] }];
        _lossLayout = CreateLayout("Loss", TotalRounds);
        _lossLayout.YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Cross-entropy" }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero }];
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

    // Whole rounds only, with about six ticks at most so that the labels fit a chart on a 375-pixel phone
    // screen: a step of 1, 2 or 5 times a power of ten.
    private static int RoundTickStep(int totalRounds)
    {
        double rough = Math.Max(1, totalRounds / 6.0);
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double mantissa = rough / power;
        int step = 10;
        if (mantissa <= 1)
        {
            step = 1;
        }
        else if (mantissa <= 2)
        {
            step = 2;
        }
        else if (mantissa <= 5)
        {
            step = 5;
        }

        return (int)(step * power);
    }

    private static Scatter CreateTrace(string name, string color) => new()
    {
        Name = name,
        Mode = ModeFlag.Lines | ModeFlag.Markers,
        X = new List<object>(),
        Y = new List<object>(),
        Line = new Line { Color = color, Width = 2 },
        Marker = new Marker { Color = color, Size = 5 },
    };

    private static PlotlyLayout CreateLayout(string title, int totalRounds) => new()
    {
        Title = new Title { Text = title, X = 0.02m },
        Height = 320,
        Margin = new Margin { L = 64, R = 16, T = 48, B = 48 },
        HoverMode = HoverModeEnum.XUnified,
        ShowLegend = true,
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.12m, X = 1m, XAnchor = Plotly.Blazor.LayoutLib.LegendLib.XAnchorEnum.Right }],
        XAxis =
        [
            new XAxis
            {
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "Round" },
                Range = [0.5m, Math.Max(totalRounds, 1) + 0.5m],
                TickMode = Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Linear,
                Tick0 = 0,
                DTick = RoundTickStep(totalRounds),
            },
        ],
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
    };
}
