using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Operations;

/// <summary>
/// The gauges of the <c>FedWorkbench</c> meter, read from the run queue, the board presence and the circuit counter
/// when metrics are collected. Creating the instance registers them; resolve it once at start-up.
/// </summary>
/// <remarks>
/// Observable up-down counters, because each value is a count that adds up across instances; the Prometheus
/// exporter writes them as gauges.
/// </remarks>
public sealed class WorkbenchGauges
{
    /// <summary>Registers the gauges on <paramref name="metrics"/>' meter.</summary>
    public WorkbenchGauges(WorkbenchMetrics metrics, RunQueue queue, RoomPresence presence, CircuitCounter circuits)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(presence);
        ArgumentNullException.ThrowIfNull(circuits);

        metrics.Meter.CreateObservableUpDownCounter(
            "fedworkbench.runs.queued", () => queue.WaitingCount, unit: "{run}", description: "Runs waiting in the queue.");
        metrics.Meter.CreateObservableUpDownCounter(
            "fedworkbench.runs.running", () => queue.RunningCount, unit: "{run}", description: "Runs the worker is executing.");
        metrics.Meter.CreateObservableUpDownCounter(
            "fedworkbench.board.participants", () => presence.ParticipantCount, unit: "{participant}",
            description: "People connected to a room's board; a person counts once per room whatever their number of tabs.");
        metrics.Meter.CreateObservableUpDownCounter(
            "fedworkbench.circuits.open", () => circuits.Open, unit: "{circuit}",
            description: "Blazor circuits kept by the server, including disconnected ones waiting for a reconnect.");
        metrics.Meter.CreateObservableUpDownCounter(
            "fedworkbench.circuits.connected", () => circuits.Connected, unit: "{circuit}",
            description: "Blazor circuits whose browser is connected: one per open page.");
    }
}
