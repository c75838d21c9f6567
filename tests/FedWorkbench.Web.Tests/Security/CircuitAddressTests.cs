using System.Net;
using System.Security.Claims;
using FedWorkbench.Web.Security;
using FedWorkbench.Web.Tests.Integration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Security;

/// <summary>
/// A Blazor circuit over long polling: the request that opened the connection has ended when the circuit starts, so
/// <see cref="IHttpContextAccessor"/> has nothing, and the address must come from the hub connection's own HTTP context.
/// </summary>
public sealed class CircuitAddressTests
{
    [Fact]
    public async Task CircuitOpened_WithoutCurrentRequest_CountsTheHubConnectionsAddress()
    {
        // Arrange
        using var folder = new TestDataFolder();
        await using var factory = new LimitsFactory(folder.Path, new Dictionary<string, string> { ["RateLimits:ConnectionsPerAddress"] = "1" });
        HubRateLimitFilter filter = factory.Services.GetRequiredService<HubRateLimitFilter>();
        AddressConnectionCounter connections = factory.Services.GetRequiredService<AddressConnectionCounter>();
        IPAddress address = IPAddress.Parse("198.51.100.4");
        var first = new CircuitAddressHandler(new HttpContextAccessor(), connections);
        var second = new CircuitAddressHandler(new HttpContextAccessor(), connections);

        // Act: open two circuits inside the StartCircuit hub call, as Blazor does, with no current HTTP request.
        await StartCircuitAsync(filter, address, first);
        Exception? rejected = await Record.ExceptionAsync(() => StartCircuitAsync(filter, address, second));

        // Assert
        Assert.Equal(1, connections.CountOpen(address));
        Assert.IsType<InvalidOperationException>(rejected);
        Assert.Contains("Too many connections from your address: this instance allows at most 1 open at once", rejected.Message, StringComparison.Ordinal);

        await first.OnCircuitClosedAsync(null!, CancellationToken.None);
        Assert.Equal(0, connections.CountOpen(address));
    }

    private static async Task StartCircuitAsync(HubRateLimitFilter filter, IPAddress address, CircuitAddressHandler handler)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = address;
        var features = new FeatureCollection();
        features.Set<IHttpContextFeature>(new HttpContextFeature { HttpContext = http });
        var caller = new Caller(features);
        var invocation = new HubInvocationContext(caller, new ServiceCollection().BuildServiceProvider(), new CircuitLikeHub(), typeof(CircuitLikeHub).GetMethod(nameof(CircuitLikeHub.StartCircuit))!, []);

        // The circuit starts later on the renderer's dispatcher, outside any request; the address flows with the call.
        await filter.InvokeMethodAsync(invocation, async _ =>
        {
            await Task.Yield();
            await handler.OnCircuitOpenedAsync(null!, CancellationToken.None);
            return null;
        });
    }

    private sealed class CircuitLikeHub : Hub
    {
        public static string StartCircuit() => string.Empty;
    }

    private sealed class HttpContextFeature : IHttpContextFeature
    {
        public HttpContext? HttpContext { get; set; }
    }

    private sealed class Caller(IFeatureCollection features) : HubCallerContext
    {
        public override string ConnectionId => "circuit-test";

        public override string? UserIdentifier => null;

        public override ClaimsPrincipal? User => null;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features => features;

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }
}
