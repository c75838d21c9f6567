namespace FedWorkbench.Web.Ui;

/// <summary>
/// Points that arrive before every Plotly chart of a component has rendered: the charts cannot be extended before
/// then, so the points wait here until the last chart reports that it rendered.
/// </summary>
/// <typeparam name="T">One point, in whatever form the component extends its charts with.</typeparam>
/// <param name="chartCount">Returns how many charts the component renders; it may change with the run's settings.</param>
public sealed class PendingChartPoints<T>(Func<int> chartCount)
{
    private readonly List<T> _pending = [];
    private int _renderedCharts;

    /// <summary>Whether every chart has rendered, so points can be sent to the charts directly.</summary>
    public bool AllRendered => _renderedCharts >= chartCount();

    /// <summary>Keeps <paramref name="points"/> when a chart has not rendered yet and returns true; returns false when they can be sent now.</summary>
    public bool Defer(IEnumerable<T> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (AllRendered)
        {
            return false;
        }

        _pending.AddRange(points);
        return true;
    }

    /// <summary>Counts one rendered chart. Returns the kept points when that was the last chart and some are waiting, otherwise null.</summary>
    public T[]? ChartRendered()
    {
        _renderedCharts++;
        if (_renderedCharts != chartCount() || _pending.Count == 0)
        {
            return null;
        }

        T[] points = [.. _pending];
        _pending.Clear();
        return points;
    }
}
