using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Ui;

/// <summary>
/// When <see cref="RenderThrottle"/> flushes. The interval is one hour, so a flush seen during a test did not wait
/// for it. The 30-second waits only stop a broken test.
/// </summary>
public sealed class RenderThrottleTests
{
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);
    private static readonly TimeSpan FailureGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FlushAtOnceWhenIdle_FirstRequestFlushes()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var throttle = new RenderThrottle(OneHour, () => { flushed.TrySetResult(); return Task.CompletedTask; }, _ => Task.CompletedTask, flushAtOnceWhenIdle: true);

        throttle.Request();

        await flushed.Task.WaitAsync(FailureGuard);
    }

    [Fact]
    public async Task FlushAtOnceWhenIdle_SecondRequestWaits()
    {
        var counter = new FlushCounter();
        using RenderThrottle throttle = counter.CreateFlushingAtOnce();

        throttle.Request();
        await counter.FirstFlush.WaitAsync(FailureGuard);
        throttle.Request();
        throttle.Request();
        await Task.Yield();

        Assert.Equal(1, counter.Flushes);
    }

    [Fact]
    public async Task Default_FirstRequestWaitsForInterval()
    {
        int flushes = 0;
        using var throttle = new RenderThrottle(OneHour, () => { Interlocked.Increment(ref flushes); return Task.CompletedTask; }, _ => Task.CompletedTask);

        throttle.Request();
        await Task.Yield();

        Assert.Equal(0, Volatile.Read(ref flushes));
    }

    [Fact]
    public async Task DisposeBeforeFlush_SkipsFlush()
    {
        // The first request flushes at once, so only the second one waits for the interval when the throttle is
        // disposed. Disposing right after the first request would race with its flush on another thread.
        var counter = new FlushCounter();
        RenderThrottle throttle = counter.CreateFlushingAtOnce();
        throttle.Request();
        await counter.FirstFlush.WaitAsync(FailureGuard);

        throttle.Request();
        throttle.Dispose();
        await Task.Delay(TimeSpan.FromMilliseconds(50));

        Assert.Equal(1, counter.Flushes);
    }

    /// <summary>Counts the flushes of a throttle with a one-hour interval and completes a task at the first one.</summary>
    private sealed class FlushCounter
    {
        private readonly TaskCompletionSource _firstFlush = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _flushes;

        public Task FirstFlush => _firstFlush.Task;

        public int Flushes => Volatile.Read(ref _flushes);

        public RenderThrottle CreateFlushingAtOnce() => new(
            OneHour,
            () =>
            {
                Interlocked.Increment(ref _flushes);
                _firstFlush.TrySetResult();
                return Task.CompletedTask;
            },
            _ => Task.CompletedTask,
            flushAtOnceWhenIdle: true);
    }
}
