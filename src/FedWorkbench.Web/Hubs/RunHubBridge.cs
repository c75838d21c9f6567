using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.SignalR;

namespace FedWorkbench.Web.Hubs;

/// <summary>Forwards every run event from <see cref="IRunNotifier"/> to the SignalR group of that run.</summary>
/// <remarks>
/// A send that throws is logged by the notifier and does not stop the run. Sends are awaited one event after
/// another, so each connection gets a run's events in publish order.
/// </remarks>
internal sealed class RunHubBridge(IRunNotifier notifier, IHubContext<RunHub, IRunHubClient> hubContext) : IHostedService
{
    private IDisposable? _subscription;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = notifier.SubscribeAll(ForwardAsync);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _subscription = null;
        return Task.CompletedTask;
    }

    private Task ForwardAsync(RunEvent runEvent)
    {
        IRunHubClient group = hubContext.Clients.Group(RunHub.GroupName(runEvent.RunId));
        return runEvent switch
        {
            RoundCompleted round => group.RoundCompleted(round),
            RunStatusChanged status => group.RunStatusChanged(status.Summary),
            _ => Task.CompletedTask,
        };
    }
}
