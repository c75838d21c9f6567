namespace FedWorkbench.Web.Ui;

/// <summary>
/// Coalesces update requests so that a component pushes changes to the browser at most once per interval, however
/// often run events arrive. The first request after a flush starts the interval; requests during it join that flush.
/// </summary>
public sealed class RenderThrottle : IDisposable
{
    private readonly TimeSpan _interval;
    private readonly Func<Task> _flush;
    private readonly Func<Exception, Task> _onError;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private bool _scheduled;

    /// <summary>Creates a throttle.</summary>
    /// <param name="interval">Minimum time between two flushes.</param>
    /// <param name="flush">Pushes the pending changes; a component passes a delegate that calls <c>InvokeAsync</c>.</param>
    /// <param name="onError">Receives an exception thrown by <paramref name="flush"/>, for example <c>DispatchExceptionAsync</c>.</param>
    public RenderThrottle(TimeSpan interval, Func<Task> flush, Func<Exception, Task> onError)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(flush);
        ArgumentNullException.ThrowIfNull(onError);
        _interval = interval;
        _flush = flush;
        _onError = onError;
    }

    /// <summary>Schedules a flush after the interval unless one is already scheduled. Safe to call from any thread.</summary>
    public void Request()
    {
        lock (_gate)
        {
            if (_scheduled || _disposed.IsCancellationRequested)
            {
                return;
            }

            _scheduled = true;
        }

        // Fire and forget: FlushLaterAsync handles its own errors by passing them to _onError.
        _ = FlushLaterAsync();
    }

    /// <summary>Cancels a scheduled flush; later requests are ignored.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
        }

        _disposed.Dispose();
    }

    private async Task FlushLaterAsync()
    {
        try
        {
            await Task.Delay(_interval, _disposed.Token);
            lock (_gate)
            {
                _scheduled = false;
            }

            await _flush();
        }
        catch (OperationCanceledException)
        {
            // Disposed while waiting: the component is gone, so there is nothing to render.
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the delay and the token access; same as above.
        }
        catch (Exception ex)
        {
            await _onError(ex);
        }
    }
}
