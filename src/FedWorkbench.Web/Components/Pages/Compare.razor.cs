using FedWorkbench.Web.Components.Runs;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace FedWorkbench.Web.Components.Pages;

/// <summary>
/// The compare page: the test accuracy and test loss of up to eight runs on one chart each, final test accuracy
/// against final ε for the runs with differential privacy, and their configurations side by side. Runs that are still running are followed live through <see cref="IRunNotifier"/>.
/// </summary>
public sealed partial class Compare : IDisposable
{
    private const int ChartCount = 2;
    private const string DifferingCellStyle = "background: rgba(255, 179, 0, 0.16); font-weight: 600";

    // Several compared runs may report rounds at once; the charts redraw at most once a second.
    private static readonly TimeSpan RenderInterval = TimeSpan.FromSeconds(1);

    private readonly RunComparisonState _state = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly List<Scatter> _accuracyTraces = [];
    private readonly List<Scatter> _lossTraces = [];
    private readonly Config _chartConfig = ChartConfig.Create();
    private IList<ITrace> _accuracyData = [];
    private IList<ITrace> _lossData = [];
    private PlotlyLayout _accuracyLayout = CreateLayout("Accuracy", ".0%");
    private PlotlyLayout _lossLayout = CreateLayout("Cross-entropy", tickFormat: null);
    private PlotlyChart? _accuracyChart;
    private PlotlyChart? _lossChart;
    private PlotlyChart? _privacyChart;
    private readonly List<ITrace> _privacyData = [];
    private readonly PlotlyLayout _privacyLayout = CreatePrivacyLayout();
    private PrivacyUtilityView _privacyView = new([], []);
    private bool _privacyChartRendered;
    private RenderThrottle? _throttle;
    private int _renderedCharts;
    private bool _disposed;
    private string? _loadedRunIds;

    /// <summary>The compared run ids, separated by commas: the <c>runs</c> query parameter.</summary>
    [SupplyParameterFromQuery(Name = RunComparisonLimits.RunsParameter)]
    public string? RunIds { get; set; }

    [Inject]
    private IRunService RunService { get; set; } = default!;

    [Inject]
    private IRunNotifier Notifier { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private static List<MudBlazor.BreadcrumbItem> Breadcrumbs => [new("Runs", href: "runs"), new("Compare", href: null, disabled: true)];

    private string DifferenceSummary => _state.DifferingSettingCount switch
    {
        0 => "No setting differs.",
        1 => $"1 of {_state.SettingRows.Count} settings differs.",
        int count => $"{count} of {_state.SettingRows.Count} settings differ.",
    };

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        // Blazor reuses this component when a link leads from one comparison to another, for example the Compare
        // entry of the menu. The state, subscriptions and charts belong to the first link, so load the page anew.
        if (_state.IsLoaded && !string.Equals(RunIds, _loadedRunIds, StringComparison.Ordinal))
        {
            Navigation.Refresh(forceReload: true);
        }
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        // Subscribe before loading so that no round finishing during the load is missed; the state buffers it.
        _throttle = new RenderThrottle(RenderInterval, () => InvokeAsync(RedrawAsync), DispatchExceptionAsync);
        foreach (Guid runId in RunComparisonState.ParseRunIds(RunIds, new List<string>()))
        {
            _subscriptions.Add(Notifier.Subscribe(runId, OnRunEventAsync));
        }

        _loadedRunIds = RunIds;
        await _state.LoadAsync(RunService, RunIds);
        if (_disposed)
        {
            return;
        }

        CreateTraces();
        StateHasChanged();
    }

    private static double? BestAccuracy(ComparedRun run) =>
        run.Rounds.Count == 0 ? null : run.Rounds.Max(round => round.TestAccuracy);

    private void OnShowAllChanged(bool showAll) => _state.ShowAllSettings = showAll;

    // Called on the subscription's own thread-pool task. Errors go to the renderer, not back to the notifier.
    private async Task OnRunEventAsync(RunEvent runEvent)
    {
        try
        {
            await InvokeAsync(() =>
            {
                if (!_disposed && _state.Apply(runEvent) && _state.IsLoaded)
                {
                    _throttle?.Request();
                }
            });
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private void CreateTraces()
    {
        for (int index = 0; index < _state.Runs.Count; index++)
        {
            ComparedRun run = _state.Runs[index];
            string color = RunComparisonPalette.Color(index);
            _accuracyTraces.Add(CreateTrace(run.Label, color, "%{y:.1%}"));
            _lossTraces.Add(CreateTrace(run.Label, color, "%{y:.4f}"));
        }

        AddNewPoints();
        UpdateRoundAxes();
        UpdatePrivacyPoints();
        _accuracyData = [.. _accuracyTraces];
        _lossData = [.. _lossTraces];
    }

    // Appends the rounds that arrived since the last call to each run's traces. The X and Y lists are shared with
    // the charts, so a chart not yet drawn picks the points up on its first draw.
    private void AddNewPoints()
    {
        for (int index = 0; index < _accuracyTraces.Count; index++)
        {
            ComparedRun run = _state.Runs[index];
            Scatter accuracy = _accuracyTraces[index];
            Scatter loss = _lossTraces[index];
            foreach (RoundMetrics round in run.Rounds.Skip(accuracy.X.Count))
            {
                accuracy.X.Add(round.Round);
                accuracy.Y.Add(ToPoint(round.TestAccuracy));
                loss.X.Add(round.Round);
                loss.Y.Add(ToPoint(round.TestLoss));
            }
        }
    }

    private async Task RedrawAsync()
    {
        if (_disposed)
        {
            return;
        }

        AddNewPoints();
        UpdateRoundAxes();
        UpdatePrivacyPoints();
        StateHasChanged();

        // NOTE: React resends every point. With at most eight runs and one redraw a second this stays small, but
        // runs of many hundreds of rounds would be better served by extendTraces.
        if (_renderedCharts >= ChartCount)
        {
            await _accuracyChart!.React();
            await _lossChart!.React();
        }

        if (_privacyChartRendered && _privacyChart is not null)
        {
            await _privacyChart.React();
        }
    }

    // One trace per run keeps its legend entry and color. The list is changed in place, because the chart keeps a reference to it.
    private void UpdatePrivacyPoints()
    {
        _privacyView = PrivacyUtilityView.Build(_state.Runs);
        _privacyData.Clear();
        foreach (PrivacyUtilityPoint point in _privacyView.Points)
        {
            string color = RunComparisonPalette.Color(point.Index);
            _privacyData.Add(new Scatter
            {
                Name = point.Label,
                Mode = ModeFlag.Markers,
                X = new List<object> { point.Epsilon },
                Y = new List<object> { point.TestAccuracy },
                Marker = new Marker
                {
                    Color = color,
                    Size = 12,
                    Symbol = point.IsApproximate
                        ? Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.CircleOpen
                        : Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.Circle,
                },
                HoverTemplate = $"ε = %{{x:.3g}}, accuracy %{{y:.1%}} after round {point.Round}",
            });
        }
    }

    private void OnPrivacyChartRendered() => _privacyChartRendered = true;

    private static PlotlyLayout CreatePrivacyLayout() => new()
    {
        Height = 360,
        Margin = new Margin { L = 64, R = 16, T = 32, B = 48 },
        HoverMode = HoverModeEnum.Closest,
        ShowLegend = true,
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.02m, YAnchor = Plotly.Blazor.LayoutLib.LegendLib.YAnchorEnum.Bottom, X = 0m, XAnchor = Plotly.Blazor.LayoutLib.LegendLib.XAnchorEnum.Left }],
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "ε after the last round" }, RangeMode = Plotly.Blazor.LayoutLib.XAxisLib.RangeModeEnum.ToZero }],
        // Fixed like the run page's accuracy charts: with one or two runs, autorange stretched the axis to 150%.
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "Test accuracy" }, TickFormat = ".0%", Range = [0m, 1m] }],
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
    };

    // The round axis spans the longest run: its planned rounds while it runs, the rounds it has once it ended.
    // Whole-number ticks keep Plotly from labelling fractional rounds.
    private void UpdateRoundAxes()
    {
        int lastAxisRound = _state.Runs
            .Select(run => RunChartAxis.LastAxisRound(run.Summary.Status, run.Summary.TotalRounds, run.Rounds.Count == 0 ? 0 : run.Rounds[^1].Round))
            .DefaultIfEmpty(1)
            .Max();
        foreach (PlotlyLayout layout in new[] { _accuracyLayout, _lossLayout })
        {
            XAxis axis = layout.XAxis[0];
            axis.Range = [0.5m, lastAxisRound + 0.5m];
            axis.DTick = RunChartAxis.TickStep(lastAxisRound);
        }
    }

    private void OnChartRendered() => _renderedCharts++;

    private static object ToPoint(double? value) => ChartTraces.Point(value);

    private static Scatter CreateTrace(string name, string color, string hoverTemplate) =>
        ChartTraces.Line(name, color, hoverTemplate, markerSize: 4);

    // The chart titles are HTML headings, so the layouts have none. The legend, one entry per run, sits above the plot.
    private static PlotlyLayout CreateLayout(string valueTitle, string? tickFormat) => new()
    {
        Height = 320,
        Margin = new Margin { L = 64, R = 16, T = 32, B = 48 },
        HoverMode = HoverModeEnum.XUnified,
        ShowLegend = true,
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.02m, YAnchor = Plotly.Blazor.LayoutLib.LegendLib.YAnchorEnum.Bottom, X = 0m, XAnchor = Plotly.Blazor.LayoutLib.LegendLib.XAnchorEnum.Left }],
        XAxis =
        [
            new XAxis
            {
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "Round" },
                TickMode = Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Linear,
                Tick0 = 0,
                TickFormat = ",d",
            },
        ],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = valueTitle }, TickFormat = tickFormat }],
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
    };

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        foreach (IDisposable subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        _throttle?.Dispose();
    }
}
