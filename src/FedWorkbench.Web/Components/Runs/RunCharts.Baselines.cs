using FedWorkbench.Data.Baselines;
using FedWorkbench.Web.Baselines;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;
using Microsoft.AspNetCore.Components;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace FedWorkbench.Web.Components.Runs;

/// <summary>
/// The centralized baselines of <see cref="RunCharts"/>: a dashed horizontal line on the accuracy chart for each
/// completed baseline, and a status line for those still queued, training or failed.
/// </summary>
/// <remarks>
/// The component follows the run's <see cref="BaselineChanged"/> events itself and reads the baselines again on
/// each, so the run page needs to pass only <see cref="RunId"/>. A line is added with Plotly's addTraces, which sends
/// that trace alone, so the accuracy series is never sent twice.
/// </remarks>
public partial class RunCharts
{
    /// <summary>Prefix of every baseline line's trace name, which end-to-end tests look for.</summary>
    public const string BaselineTracePrefix = "Centralized";

    private readonly Dictionary<BaselineKind, Scatter> _baselineLines = [];

    // Lines created before every chart had rendered; they are added once the charts exist in the browser.
    private readonly List<Scatter> _unsentBaselineLines = [];
    private IReadOnlyList<RunBaseline> _baselines = [];
    private IDisposable? _baselineSubscription;

    // Reads of the baselines can finish out of order, so only the result of the latest one started is kept.
    private int _baselineReadsStarted;
    private int _latestBaselineReadApplied;

    /// <summary>
    /// The run whose centralized baselines the accuracy chart draws as reference lines. Null draws none. Read once,
    /// like <see cref="InitialRounds"/>: the page keys the charts by run.
    /// </summary>
    [Parameter]
    public Guid? RunId { get; set; }

    [Inject]
    private BaselineService BaselineService { get; set; } = default!;

    [Inject]
    private IRunNotifier Notifier { get; set; } = default!;

    private string? BaselineStatus => DescribeBaselineStatus(_baselines);

    /// <summary>
    /// Creates the reference line of a completed baseline: a dashed line at its test accuracy across the round axis,
    /// named for the legend, for example "Centralized LightGBM: 84.3%". Returns null for a baseline without an
    /// accuracy, which is not completed.
    /// </summary>
    internal static Scatter? CreateBaselineLine(RunBaseline baseline, int lastAxisRound)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        if (baseline is not { Status: Storage.BaselineStatus.Completed, TestAccuracy: double accuracy } || !double.IsFinite(accuracy))
        {
            return null;
        }

        string color = BaselineColor(baseline.Kind);
        return new Scatter
        {
            Name = $"{BaselineTracePrefix} {BaselineName(baseline.Kind)}: {RunDisplay.Percent(accuracy)}",
            Mode = ModeFlag.Lines,
            X = BaselineLineX(lastAxisRound),
            Y = new List<object> { accuracy, accuracy },
            Line = new Line { Color = color, Width = 1.5m, Dash = BaselineDash(baseline.Kind) },
            // The legend carries the value; hovering a two-point line would show it only near its ends.
            HoverInfo = HoverInfoFlag.Skip,
        };
    }

    /// <summary>
    /// Returns the status line of the baselines not yet drawn, for example "Centralized engine: training ·
    /// Centralized LightGBM: failed: …", or null when every baseline is completed or none was requested.
    /// </summary>
    internal static string? DescribeBaselineStatus(IReadOnlyList<RunBaseline> baselines)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        string[] parts = [.. baselines
            .Where(baseline => baseline.Status != Storage.BaselineStatus.Completed)
            .Select(baseline => $"{BaselineTracePrefix} {BaselineName(baseline.Kind)}: {BaselineState(baseline)}")];
        return parts.Length == 0 ? null : string.Join(" · ", parts);
    }

    /// <summary>Returns the name of a baseline kind as the chart shows it.</summary>
    internal static string BaselineName(BaselineKind kind) => kind switch
    {
        BaselineKind.Engine => "engine",
        BaselineKind.MaximumEntropy => "maximum entropy",
        BaselineKind.LightGbm => "LightGBM",
        _ => kind.ToString(),
    };

    private static string BaselineState(RunBaseline baseline) => baseline.Status switch
    {
        Storage.BaselineStatus.Queued => "queued",
        Storage.BaselineStatus.Running => "training",
        Storage.BaselineStatus.Failed => $"failed: {baseline.Error ?? "no reason was stored"}",
        _ => baseline.Status.ToString(),
    };

    private static string BaselineColor(BaselineKind kind) => kind switch
    {
        BaselineKind.Engine => "#546e7a",
        BaselineKind.MaximumEntropy => "#8e24aa",
        _ => "#2e7d32",
    };

    // Baselines often end within a point of each other, so each kind has its own dash pattern as well as its own
    // colour, and two lines drawn over each other still show both patterns.
    private static string BaselineDash(BaselineKind kind) => kind switch
    {
        BaselineKind.Engine => "dash",
        BaselineKind.MaximumEntropy => "dot",
        _ => "dashdot",
    };

    // The line spans the round axis exactly, so Plotly's autoscale keeps the axis the run's.
    private static List<object> BaselineLineX(int lastAxisRound) => [0.5m, lastAxisRound + 0.5m];

    // Called after the first render: subscribing first, then reading, so that no change is missed.
    private async Task StartFollowingBaselinesAsync()
    {
        if (RunId is not Guid runId)
        {
            return;
        }

        _baselineSubscription = Notifier.Subscribe(runId, OnRunEventAsync);
        await ReadBaselinesAsync(runId);
    }

    // Called on the subscription's own task. Errors go to the renderer, not back to the notifier.
    private async Task OnRunEventAsync(RunEvent runEvent)
    {
        if (runEvent is not BaselineChanged)
        {
            return;
        }

        try
        {
            await InvokeAsync(() => ReadBaselinesAsync(runEvent.RunId));
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private async Task ReadBaselinesAsync(Guid runId)
    {
        int read = ++_baselineReadsStarted;
        IReadOnlyList<RunBaseline>? baselines = await BaselineService.GetForRunAsync(runId, CancellationToken.None);
        if (_disposed || baselines is null || read < _latestBaselineReadApplied)
        {
            return;
        }

        _latestBaselineReadApplied = read;
        _baselines = baselines;
        foreach (RunBaseline baseline in baselines)
        {
            if (_baselineLines.ContainsKey(baseline.Kind) || CreateBaselineLine(baseline, _lastAxisRound) is not { } line)
            {
                continue;
            }

            _baselineLines.Add(baseline.Kind, line);
            if (_pending.AllRendered)
            {
                await _accuracyChart!.AddTrace(line);
            }
            else
            {
                _unsentBaselineLines.Add(line);
            }
        }

        if (ShouldRender())
        {
            StateHasChanged();
        }
    }

    private async Task SendUnsentBaselineLinesAsync()
    {
        try
        {
            Scatter[] lines = [.. _unsentBaselineLines];
            _unsentBaselineLines.Clear();
            foreach (Scatter line in lines)
            {
                await _accuracyChart!.AddTrace(line);
            }
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    // Keeps each line across the round axis after the axis changed.
    private async Task RefitBaselineLinesAsync(int lastAxisRound)
    {
        foreach (Scatter line in _baselineLines.Values)
        {
            line.X = BaselineLineX(lastAxisRound);
            int index = _accuracyData.IndexOf(line);
            if (_pending.AllRendered && index >= 0)
            {
                await _accuracyChart!.Restyle(line, index);
            }
        }
    }

    private void StopFollowingBaselines()
    {
        _baselineSubscription?.Dispose();
        _baselineSubscription = null;
    }
}
