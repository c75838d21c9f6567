using Microsoft.AspNetCore.SignalR;

namespace FedWorkbench.Web.Hubs;

/// <summary>
/// Logs hub method failures in place of SignalR's dispatcher. The dispatcher logs every exception a hub method
/// throws at Error with a stack trace, including the <see cref="HubException"/>s that reject bad client input, so
/// any client could fill the log with Error entries. This filter logs unexpected exceptions at Error and lets
/// <see cref="HubException"/>s pass unlogged, because the hub logs those itself; the dispatcher's category is
/// raised to Critical in <c>AddFedWorkbenchBackend</c>.
/// </summary>
internal sealed class HubErrorLogFilter(ILogger<HubErrorLogFilter> logger) : IHubFilter
{
    /// <summary>Runs the hub method and logs an unexpected exception before SignalR reports it to the caller.</summary>
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception ex) when (ex is not HubException and not OperationCanceledException)
        {
            HubLog.HubMethodFailed(logger, ex, invocationContext.Hub.GetType().Name, invocationContext.HubMethodName, invocationContext.Context.ConnectionId);
            throw;
        }
    }
}
