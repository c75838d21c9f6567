using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace FedWorkbench.Web.Security;

/// <summary>
/// Captures the client address of a Blazor circuit when it opens, sets <see cref="ClientAddress.Current"/> around
/// every inbound activity of the circuit (events, JS interop calls, navigation), and counts the circuit in
/// <see cref="AddressConnectionCounter"/>. Registered as scoped, so one instance serves one circuit.
/// </summary>
internal sealed class CircuitAddressHandler(IHttpContextAccessor httpContextAccessor, AddressConnectionCounter connections) : CircuitHandler
{
    private IPAddress? _address;
    private string? _connectionKey;

    /// <inheritdoc />
    /// <remarks>Runs before the other handlers, so that their code gets the address too.</remarks>
    public override int Order => -1_000;

    /// <inheritdoc />
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        // The circuit starts inside the StartCircuit hub call, for which HubRateLimitFilter has set the address from the
        // connection's HTTP context. That works on every transport; the accessor below only sees the request that opened
        // a WebSocket connection, and nothing over long polling, whose opening request has ended by now.
        _address = ClientAddress.Current ?? httpContextAccessor.HttpContext?.Connection.RemoteIpAddress;

        // NOTE: a circuit over the limit fails to start, and the page shows Blazor's generic error bar. The message
        // reaches only the log, because showing it would need the layout's help.
        _connectionKey = connections.TryOpen(_address)
            ?? throw new InvalidOperationException(connections.RejectionMessage());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_connectionKey is { } key)
        {
            _connectionKey = null;
            connections.Close(key);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            // An async lambda, so the value is restored when the activity ends and does not leak to the caller.
            ClientAddress.Current = _address;
            await next(context);
        };
}
