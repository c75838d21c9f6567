using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>
/// The privacy charts and cards of a run: ε by round with its notes, the adaptive clip norm, and what the server
/// receives under secure aggregation. Like <see cref="RunCharts"/>, it appends new rounds with extendTraces.
/// </summary>
public partial class PrivacyPanel
{
    private readonly PrivacySeries _series = new();
    private readonly PendingChartPoints<PrivacyChartPoint> _pending;
    private readonly Config _config = ChartConfig.Create();
    private readonly Scatter _epsilon = ChartTraces.Line("ε", "#8e24aa", "%{y:.3g}", markerSize: 5);
    private readonly Scatter _clipNorm = ChartTraces.Line("Clip norm S", "#00897b", "%{y:.3g}", markerSize: 5);
    private IList<ITrace> _epsilonData = [];
    private IList<ITrace> _clipData = [];
    private PlotlyLayout _epsilonLayout = default!;
    private PlotlyLayout _clipLayout = default!;
    private PlotlyChart? _epsilonChart;
    private PlotlyChart? _clipChart;
    private int _lastAxisRound;
    private int _lastRound;

    /// <summary>Rounds drawn when the panel is first created. Read once: later changes are ignored.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<RoundMetrics> InitialRounds { get; set; } = [];

    /// <summary>The run's experiment, which decides the cards shown and the notes under the ε chart.</summary>
    [Parameter, EditorRequired]
    public ExperimentConfig Config { get; set; } = default!;

    /// <summary>Rounds the run will execute; the round axis spans them while the run is queued or running.</summary>
    [Parameter]
    public int TotalRounds { get; set; }

    /// <summary>Status of the run. Once the run has ended, the round axis fits the rounds it has.</summary>
    [Parameter]
    public RunStatus Status { get; set; }

    /// <summary>Returns whether the run page shows the panel for <paramref name="config"/>: with differential privacy or secure aggregation.</summary>
    public static bool AppliesTo(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.DifferentialPrivacy != DifferentialPrivacyKind.None || config.SecureAggregation;
    }

    private bool UsesDifferentialPrivacy => Config.DifferentialPrivacy != DifferentialPrivacyKind.None;

    private bool UsesAdaptiveClipping => Config.DifferentialPrivacy == DifferentialPrivacyKind.CentralAdaptive;

    /// <summary>Creates the panel. Its charts depend on the run's settings, so the pending points read their count each time.</summary>
    public PrivacyPanel()
    {
        _pending = new PendingChartPoints<PrivacyChartPoint>(() => ChartCount);
    }

    private int ChartCount => (UsesDifferentialPrivacy ? 1 : 0) + (UsesAdaptiveClipping ? 1 : 0);

    /// <summary>
    /// Appends rounds to the charts and cards. Rounds passed before every chart exists in the browser wait and are
    /// sent as soon as the charts have been drawn.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<RoundMetrics> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (rounds.Count == 0)
        {
            return;
        }

        IReadOnlyList<PrivacyChartPoint> points = _series.Add(rounds);
        _lastRound = Math.Max(_lastRound, rounds[^1].Round);
        StateHasChanged();
        if (_pending.Defer(points))
        {
            return;
        }

        await ExtendAsync(points);
        await UpdateRoundAxisAsync();
    }

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        // The X and Y lists must exist before ExtendTraces, which appends to them on the .NET side as well.
        foreach (PrivacyChartPoint point in _series.Add(InitialRounds))
        {
            AddPoint(point);
        }

        _lastRound = InitialRounds.Count == 0 ? 0 : InitialRounds[^1].Round;
        _lastAxisRound = RunChartAxis.LastAxisRound(Status, TotalRounds, _lastRound);
        _epsilonData = [_epsilon];
        _clipData = [_clipNorm];
        _epsilonLayout = CreateLayout(_lastAxisRound, "ε");
        _clipLayout = CreateLayout(_lastAxisRound, "L2 norm");
    }

    /// <inheritdoc />
    protected override Task OnParametersSetAsync() => UpdateRoundAxisAsync();

    private async Task UpdateRoundAxisAsync()
    {
        int lastAxisRound = RunChartAxis.LastAxisRound(Status, TotalRounds, _lastRound);
        if (lastAxisRound == _lastAxisRound || _epsilonLayout is null)
        {
            return;
        }

        _lastAxisRound = lastAxisRound;
        SetRoundAxis(_epsilonLayout.XAxis[0], lastAxisRound);
        SetRoundAxis(_clipLayout.XAxis[0], lastAxisRound);
        if (_pending.AllRendered)
        {
            foreach (PlotlyChart? chart in new[] { _epsilonChart, _clipChart })
            {
                if (chart is not null)
                {
                    await chart.Relayout();
                }
            }
        }
    }

    private void OnChartRendered()
    {
        if (_pending.ChartRendered() is { } pending)
        {
            // Fire and forget: PlotlyChart calls this synchronous callback, and the method routes its own errors.
            _ = SendPendingAsync(pending);
        }
    }

    private async Task SendPendingAsync(PrivacyChartPoint[] points)
    {
        try
        {
            await ExtendAsync(points);
            await UpdateRoundAxisAsync();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private async Task ExtendAsync(IReadOnlyList<PrivacyChartPoint> points)
    {
        object[] x = [.. points.Select(point => (object)point.Round)];
        if (_epsilonChart is not null)
        {
            await _epsilonChart.ExtendTraces([x], [[.. points.Select(point => ChartTraces.Point(point.Epsilon))]], [0]);
        }

        if (_clipChart is not null)
        {
            await _clipChart.ExtendTraces([x], [[.. points.Select(point => ChartTraces.Point(point.ClipNorm))]], [0]);
        }
    }

    private void AddPoint(PrivacyChartPoint point)
    {
        _epsilon.X.Add(point.Round);
        _epsilon.Y.Add(ChartTraces.Point(point.Epsilon));
        _clipNorm.X.Add(point.Round);
        _clipNorm.Y.Add(ChartTraces.Point(point.ClipNorm));
    }

    private static void SetRoundAxis(XAxis axis, int lastAxisRound)
    {
        axis.Range = [0.5m, lastAxisRound + 0.5m];
        axis.DTick = RunChartAxis.TickStep(lastAxisRound);
    }

    // The chart titles are HTML headings above the charts, so the layouts have none.
    private static PlotlyLayout CreateLayout(int lastAxisRound, string valueTitle)
    {
        var roundAxis = new XAxis
        {
            Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "Round" },
            TickMode = Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Linear,
            Tick0 = 0,
            TickFormat = ",d",
        };
        SetRoundAxis(roundAxis, lastAxisRound);

        return new PlotlyLayout
        {
            Height = 320,
            Margin = new Margin { L = 64, R = 16, T = 32, B = 48 },
            HoverMode = HoverModeEnum.XUnified,
            ShowLegend = false,
            XAxis = [roundAxis],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = valueTitle }, RangeMode = Plotly.Blazor.LayoutLib.YAxisLib.RangeModeEnum.ToZero }],
            PaperBgColor = "rgba(0,0,0,0)",
            PlotBgColor = "rgba(0,0,0,0)",
        };
    }
}
