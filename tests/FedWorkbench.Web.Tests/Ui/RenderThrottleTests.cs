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
        int flushes = 0;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var throttle = new RenderThrottle(
            OneHour,
            () =>
            {
                Interlocked.Increment(ref flushes);
                first.TrySetResult();
                return Task.CompletedTask;
            },
            _ => Task.CompletedTask,
            flushAtOnceWhenIdle: true);

        throttle.Request();
        await first.Task.WaitAsync(FailureGuard);
        throttle.Request();
        throttle.Request();
        await Task.Yield();

        Assert.Equal(1, Volatile.Read(ref flushes));
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
        int flushes = 0;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var throttle = new RenderThrottle(
            OneHour,
            () =>
            {
                Interlocked.Increment(ref flushes);
                first.TrySetResult();
                return Task.CompletedTask;
            },
            _ => Task.CompletedTask,
            flushAtOnceWhenIdle: true);
        throttle.Request();
        await first.Task.WaitAsync(FailureGuard);

        throttle.Request();
        throttle.Dispose();
        await Task.Delay(TimeSpan.FromMilliseconds(50));

        Assert.Equal(1, Volatile.Read(ref flushes));
    }
}
