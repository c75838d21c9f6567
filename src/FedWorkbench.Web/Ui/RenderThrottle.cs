using System.Diagnostics;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// Coalesces update requests so that a component pushes changes to the browser at most once per interval, however
/// often run events arrive. By default the first request after a flush starts the interval, and requests during it
/// join that flush. With <c>flushAtOnceWhenIdle</c>, a request that comes at least one interval after the last
/// flush started is flushed without waiting, and later ones wait until one interval after that flush.
/// </summary>
public sealed class RenderThrottle : IDisposable
{
    private readonly TimeSpan _interval;
    private readonly Func<Task> _flush;
    private readonly Func<Exception, Task> _onError;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private readonly bool _flushAtOnceWhenIdle;
    private bool _scheduled;
    private long _lastFlushTimestamp;
    private bool _flushedBefore;

    /// <summary>Creates a throttle.</summary>
    /// <param name="interval">Minimum time between two flushes.</param>
    /// <param name="flush">Pushes the pending changes; a component passes a delegate that calls <c>InvokeAsync</c>.</param>
    /// <param name="onError">Receives an exception thrown by <paramref name="flush"/>, for example <c>DispatchExceptionAsync</c>.</param>
    /// <param name="flushAtOnceWhenIdle">
    /// Whether a request that comes at least one interval after the last flush is flushed without waiting, so that
    /// the first update after a quiet spell, such as a run's first round, reaches the browser at once.
    /// </param>
    public RenderThrottle(TimeSpan interval, Func<Task> flush, Func<Exception, Task> onError, bool flushAtOnceWhenIdle = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(flush);
        ArgumentNullException.ThrowIfNull(onError);
        _interval = interval;
        _flush = flush;
        _onError = onError;
        _flushAtOnceWhenIdle = flushAtOnceWhenIdle;
    }

    /// <summary>Schedules a flush unless one is already scheduled. Safe to call from any thread.</summary>
    public void Request()
    {
        TimeSpan delay = _interval;
        lock (_gate)
        {
            if (_scheduled || _disposed.IsCancellationRequested)
            {
                return;
            }

            _scheduled = true;
            if (_flushAtOnceWhenIdle)
            {
                TimeSpan sinceLastFlush = _flushedBefore ? Stopwatch.GetElapsedTime(_lastFlushTimestamp) : TimeSpan.MaxValue;
                delay = sinceLastFlush >= _interval ? TimeSpan.Zero : _interval - sinceLastFlush;
            }
        }

        // Fire and forget: FlushLaterAsync handles its own errors by passing them to _onError.
        _ = FlushLaterAsync(delay);
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

    private async Task FlushLaterAsync(TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _disposed.Token);
            }
            else
            {
                // The flush still runs after Request returns, never inside the caller's own update.
                await Task.Yield();
                _disposed.Token.ThrowIfCancellationRequested();
            }

            lock (_gate)
            {
                _scheduled = false;
                _flushedBefore = true;
                _lastFlushTimestamp = Stopwatch.GetTimestamp();
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
