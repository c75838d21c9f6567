using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>
/// Line charts of a run by round: test accuracy, losses, per-client accuracy with one line per client group,
/// clients per round, cumulative traffic and cumulative simulated time. New rounds are appended with Plotly's
/// extendTraces, which sends only the new points to the browser instead of every series again.
/// </summary>
/// <remarks>
/// The new points of all six charts go to the browser in one JavaScript call (<c>wwwroot/js/run-charts.js</c>)
/// instead of one <see cref="PlotlyChart.ExtendTraces"/> call per chart, and the charts' frames render again only
/// when a message over a chart changes. Each page following a run pays both once per flush, up to four times a
/// second, so with many watchers they are most of the server's cost of the run stream.
/// </remarks>
public partial class RunCharts : IDisposable
{
    private const int ChartCount = 6;

    // Replaced in OnInitialized once the number of client groups is known.
    private RoundChartSeries _series = new();
    private readonly PendingChartPoints<(RoundMetrics Round, RoundChartPoint Point)> _pending = new(() => ChartCount);
    private readonly Config _config = ChartConfig.Create();
    private PlotlyChart? _accuracyChart;
    private PlotlyChart? _lossChart;
    private PlotlyChart? _clientAccuracyChart;
    private PlotlyChart? _clientsChart;
    private PlotlyChart? _bytesChart;
    private PlotlyChart? _timeChart;
    private int _lastRound;
    private int _lastAxisRound;
    private bool _disposed;

    // The messages over the charts and the baseline status as the last render showed them.
    private (string?, string?, string?, string?) _renderedMessages;
    private string? _renderedBaselineStatus;

    [Inject]
    private RunChartsModule ChartsModule { get; set; } = default!;

    /// <summary>Rounds drawn when the charts are first created. Read once: later changes are ignored.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<RoundMetrics> InitialRounds { get; set; } = [];

    /// <summary>Rounds the run will execute; the round axis spans them while the run is queued or running.</summary>
    [Parameter]
    public int TotalRounds { get; set; }

    /// <summary>Status of the run. Once the run has ended, the round axis fits the rounds it has.</summary>
    [Parameter]
    public RunStatus Status { get; set; }

    /// <summary>The run's client test fraction; 0 turns per-client accuracy off. Null when the configuration is not known.</summary>
    [Parameter]
    public double? ClientTestFraction { get; set; }

    /// <summary>
    /// The run's client groups, which name the per-group lines of the client accuracy chart. Read once, like
    /// <see cref="InitialRounds"/>. When this is empty, the lines come from the groups in <see cref="InitialRounds"/>
    /// and are named "Group N", so a run that has no rounds yet gets no group lines.
    /// </summary>
    [Parameter]
    public IReadOnlyList<ClientGroupConfig> ClientGroups { get; set; } = [];

    private string? EmptyMessage => RunChartAxis.EmptyMessage(Status, _series.RoundCount);

    private string? ClientAccuracyMessage => _series.ClientAccuracyMessage(Status, ClientTestFraction);

    private string? BytesMessage => _series.BytesMessage(Status);

    private string? SimulatedTimeMessage => _series.SimulatedTimeMessage(Status);

    private (string?, string?, string?, string?) Messages => (EmptyMessage, ClientAccuracyMessage, BytesMessage, SimulatedTimeMessage);

    private IEnumerable<PlotlyChart> Charts => [_accuracyChart!, _lossChart!, _clientAccuracyChart!, _clientsChart!, _bytesChart!, _timeChart!];

    private IEnumerable<PlotlyLayout> Layouts => [_accuracyLayout, _lossLayout, _clientAccuracyLayout, _clientsLayout, _bytesLayout, _timeLayout];

    /// <summary>
    /// Appends rounds to the charts. Rounds passed before every chart exists in the browser wait and are sent
    /// as soon as the charts have been drawn.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<RoundMetrics> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (rounds.Count == 0)
        {
            return;
        }

        IReadOnlyList<RoundChartPoint> points = _series.Add(rounds);
        _lastRound = Math.Max(_lastRound, rounds[^1].Round);
        if (ShouldRender())
        {
            StateHasChanged();
        }

        if (_pending.Defer(rounds.Zip(points)))
        {
            return;
        }

        await ExtendAsync(rounds, points);
        await UpdateRoundAxisAsync();
    }

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        int groupCount = RoundChartSeries.CountGroups(ClientGroups, InitialRounds);
        _series = new RoundChartSeries(groupCount);
        for (int group = 0; group < groupCount; group++)
        {
            string name = ClientGroupNames.Of(group, group < ClientGroups.Count ? ClientGroups[group] : null);
            _groupAccuracy.Add(CreateGroupTrace(name, group));
        }

        // The X and Y lists must exist before ExtendTraces, which appends to them on the .NET side as well.
        IReadOnlyList<RoundChartPoint> points = _series.Add(InitialRounds);
        for (int i = 0; i < InitialRounds.Count; i++)
        {
            AddPoints(InitialRounds[i], points[i]);
        }

        _lastRound = InitialRounds.Count == 0 ? 0 : InitialRounds[^1].Round;
        _lastAxisRound = RunChartAxis.LastAxisRound(Status, TotalRounds, _lastRound);
        CreateLayouts(_lastAxisRound);
    }

    /// <inheritdoc />
    protected override Task OnParametersSetAsync() => UpdateRoundAxisAsync();

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        try
        {
            await ChartsModule.ImportAsync();
        }
        catch (JSException)
        {
            // Starting early is only a head start. The first new point imports the module again and reports a failure then.
        }

        await StartFollowingBaselinesAsync();
    }

    /// <inheritdoc />
    protected override bool ShouldRender() => Messages != _renderedMessages || BaselineStatus != _renderedBaselineStatus;

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        StopFollowingBaselines();
        GC.SuppressFinalize(this);
    }

    // Called by the markup at the start of every render.
    private void RememberRendered()
    {
        _renderedMessages = Messages;
        _renderedBaselineStatus = BaselineStatus;
    }

    // Refits the round axis when the run ends or its planned rounds change. Before every chart is drawn, the
    // new range goes into the layouts that the first draw uses.
    private async Task UpdateRoundAxisAsync()
    {
        int lastAxisRound = RunChartAxis.LastAxisRound(Status, TotalRounds, _lastRound);
        if (lastAxisRound == _lastAxisRound || _accuracyLayout is null)
        {
            return;
        }

        _lastAxisRound = lastAxisRound;
        foreach (PlotlyLayout layout in Layouts)
        {
            SetRoundAxis(layout.XAxis[0], lastAxisRound);
        }

        if (_pending.AllRendered)
        {
            foreach (PlotlyChart chart in Charts)
            {
                await chart.Relayout();
            }
        }

        await RefitBaselineLinesAsync(lastAxisRound);
    }

    private void OnChartRendered()
    {
        if (_pending.ChartRendered() is { } pending)
        {
            // Fire and forget: PlotlyChart calls this synchronous callback, and the method routes its own errors.
            _ = SendPendingAsync(pending);
        }

        if (_pending.AllRendered && _unsentBaselineLines.Count > 0)
        {
            // Fire and forget for the same reason; the method routes its own errors.
            _ = SendUnsentBaselineLinesAsync();
        }
    }

    private async Task SendPendingAsync((RoundMetrics Round, RoundChartPoint Point)[] pending)
    {
        try
        {
            RoundMetrics[] rounds = [.. pending.Select(item => item.Round)];
            RoundChartPoint[] points = [.. pending.Select(item => item.Point)];
            await ExtendAsync(rounds, points);
            await UpdateRoundAxisAsync();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private async Task ExtendAsync(IReadOnlyList<RoundMetrics> rounds, IReadOnlyList<RoundChartPoint> points)
    {
        // The traces on the .NET side get the points too, as PlotlyChart.ExtendTraces would add them.
        for (int i = 0; i < rounds.Count; i++)
        {
            AddPoints(rounds[i], points[i]);
        }

        object[] x = [.. rounds.Select(round => (object)round.Round)];
        int groupCount = _groupAccuracy.Count;
        ChartExtension[] extensions =
        [
            new(_accuracyChart!.Id, [x], [Values(rounds, round => round.TestAccuracy)], [0]),
            new(_lossChart!.Id, [x, x], [Values(rounds, round => round.TestLoss), Values(rounds, round => round.TrainLoss)], [0, 1]),

            // The group traces follow the four summary traces in _clientAccuracyData, so group g is trace 4 + g.
            new(
                _clientAccuracyChart!.Id,
                [x, x, x, x, .. Enumerable.Repeat(x, groupCount)],
                [
                    Values(points, point => point.ClientAccuracyLower),
                    Values(points, point => point.ClientAccuracyUpper),
                    Values(points, point => point.ClientAccuracyMean),
                    Values(points, point => point.ClientAccuracyWorst10),
                    .. Enumerable.Range(0, groupCount).Select(group => Values(points, point => point.GroupAccuracy[group])),
                ],
                [0, 1, 2, 3, .. Enumerable.Range(4, groupCount)]),
            new(
                _clientsChart!.Id,
                [x, x, x, x],
                [
                    Values(points, point => point.ReportedClients),
                    Values(points, point => point.DroppedClients),
                    Values(points, point => point.MaliciousClients),
                    Values(points, point => point.RejectedClients),
                ],
                [0, 1, 2, 3]),
            new(_bytesChart!.Id, [x, x], [Values(points, point => point.CumulativeBytesDown), Values(points, point => point.CumulativeBytesUp)], [0, 1]),
            new(_timeChart!.Id, [x], [Values(points, point => point.CumulativeSimulatedSeconds)], [0]),
        ];

        // A page that moved to another run has charts with the same element ids, which must not get this run's
        // points. Blazor disposes these charts in the render that creates the new ones, and the browser applies
        // that render only after the calls sent before it, so checking here, right before sending, suffices.
        await ChartsModule.ImportAsync();
        if (!_disposed)
        {
            await ChartsModule.ExtendChartsAsync(extensions);
        }
    }

    private void AddPoints(RoundMetrics round, RoundChartPoint point)
    {
        AddPoint(_accuracy, round.Round, round.TestAccuracy);
        AddPoint(_testLoss, round.Round, round.TestLoss);
        AddPoint(_trainLoss, round.Round, round.TrainLoss);
        AddPoint(_clientAccuracyLower, round.Round, point.ClientAccuracyLower);
        AddPoint(_clientAccuracyUpper, round.Round, point.ClientAccuracyUpper);
        AddPoint(_clientAccuracyMean, round.Round, point.ClientAccuracyMean);
        AddPoint(_clientAccuracyWorst10, round.Round, point.ClientAccuracyWorst10);
        for (int group = 0; group < _groupAccuracy.Count; group++)
        {
            AddPoint(_groupAccuracy[group], round.Round, point.GroupAccuracy[group]);
        }

        AddPoint(_reportedClients, round.Round, point.ReportedClients);
        AddPoint(_droppedClients, round.Round, point.DroppedClients);
        AddPoint(_maliciousClients, round.Round, point.MaliciousClients);
        AddPoint(_rejectedClients, round.Round, point.RejectedClients);
        AddPoint(_bytesDown, round.Round, point.CumulativeBytesDown);
        AddPoint(_bytesUp, round.Round, point.CumulativeBytesUp);
        AddPoint(_simulatedSeconds, round.Round, point.CumulativeSimulatedSeconds);
    }

    private static object[] Values<T>(IEnumerable<T> items, Func<T, double?> value) => [.. items.Select(item => ToPoint(value(item)))];

    private static void AddPoint(Scatter trace, int round, double? value)
    {
        trace.X.Add(round);
        trace.Y.Add(ToPoint(value));
    }

    // An undefined value is null, and Plotly draws null as a gap in the line. NaN and infinity, which JSON
    // cannot carry, become null as well in case a value reaches the chart unfiltered.
    private static object ToPoint(double? value) => ChartTraces.Point(value);
}
