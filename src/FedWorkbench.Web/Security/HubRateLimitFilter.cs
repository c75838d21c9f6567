using System.Net;
using FedWorkbench.Web.Hubs;
using FedWorkbench.Web.Operations;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web.Security;

/// <summary>
/// Limits the board and run hubs: connections per address when a connection opens, and method calls per
/// connection and per address. A call over a limit gets a <see cref="HubException"/> and the connection stays open;
/// a connection over the limit is closed with a <see cref="HubException"/> message and without reconnecting.
/// Other hubs, such as Blazor's own circuit hub, are not limited here (<see cref="CircuitAddressHandler"/> counts
/// circuits), but every hub, Blazor's included, gets <see cref="ClientAddress.Current"/> set from the connection's
/// HTTP context. That context exists on every transport, while the request that opened a long-polling connection
/// has already ended when the hub runs, so the address the middleware set would be lost.
/// </summary>
internal sealed class HubRateLimitFilter(
    AddressRateLimiter addressLimiter,
    AddressConnectionCounter connections,
    IOptions<RateLimitOptions> options,
    WorkbenchMetrics metrics,
    TimeProvider time,
    ILogger<HubRateLimitFilter> logger) : IHubFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ClientAddress.Current = AddressOf(invocationContext.Context);
        if (!IsLimited(invocationContext.Hub))
        {
            return await next(invocationContext);
        }

        HubCallerContext caller = invocationContext.Context;
        if (caller.Items.TryGetValue(typeof(ConnectionState), out object? value) && value is ConnectionState state && !state.Calls.TryTake())
        {
            metrics.RequestRejected("rate-limit");
            if (state.LogGate.Count() is int rejected and > 0)
            {
                SecurityLog.RateLimited(logger, state.AddressKey, $"{RateLimitOptions.SectionName}:{nameof(RateLimitOptions.HubCallsPerSecondPerConnection)}",
                    $"at most {options.Value.HubCallsPerSecondPerConnection:N0} calls per second per connection", rejected);
            }

            throw new HubException(PerConnectionMessage(options.Value.HubCallsPerSecondPerConnection));
        }

        AddressLimitDecision decision = addressLimiter.TryAcquire(AddressLimit.HubCalls, AddressOf(caller));
        if (!decision.Allowed)
        {
            throw new HubException(PerAddressMessage(options.Value.HubCallsPerSecondPerAddress));
        }

        return await next(invocationContext);
    }

    /// <inheritdoc />
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ClientAddress.Current = AddressOf(context.Context);
        if (!IsLimited(context.Hub))
        {
            await next(context);
            return;
        }

        // SignalR closes the connection without reconnecting and sends the HubException's message to the client.
        // NOTE: SignalR's HubConnectionHandler also logs each such rejection at Error with a stack trace. A client that
        // opens connections in a loop therefore writes one Error line per attempt, because only SecurityLog's line is rate-limited.
        string key = connections.TryOpen(AddressOf(context.Context)) ?? throw new HubException(connections.RejectionMessage());
        int perSecond = options.Value.HubCallsPerSecondPerConnection;
        context.Context.Items[typeof(ConnectionState)] = new ConnectionState(key, new TokenBucket(perSecond, perSecond, time), new RepeatCounter(time));
        try
        {
            await next(context);
        }
        catch
        {
            connections.Close(key);
            context.Context.Items.Remove(typeof(ConnectionState));
            throw;
        }
    }

    /// <inheritdoc />
    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items.TryGetValue(typeof(ConnectionState), out object? value) && value is ConnectionState state)
            {
                connections.Close(state.AddressKey);
            }
        }
    }

    /// <summary>Returns the hub error of a call over the per-connection limit.</summary>
    public static string PerConnectionMessage(int perSecond) =>
        $"Too many requests from this connection: at most {perSecond:N0} per second. Wait a moment and try again.";

    /// <summary>Returns the hub error of a call over the per-address limit.</summary>
    public static string PerAddressMessage(int perSecond) =>
        $"Too many requests from your address: at most {perSecond:N0} per second. Wait a moment and try again.";

    private static bool IsLimited(Hub hub) => hub is BoardHub or RunHub;

    private static IPAddress? AddressOf(HubCallerContext caller) => caller.GetHttpContext()?.Connection.RemoteIpAddress;

    /// <summary>The per-connection limit state, kept in the connection's items.</summary>
    private sealed record ConnectionState(string AddressKey, TokenBucket Calls, RepeatCounter LogGate);
}
