using System.Diagnostics.Metrics;

namespace FedWorkbench.Web.Operations;

/// <summary>
/// The app's own metrics, on the meter <see cref="MeterName"/>, which OpenTelemetry exports in Prometheus format.
/// Services call the counting methods; the gauges read the queue and presence when scraped.
/// </summary>
public sealed class WorkbenchMetrics : IDisposable
{
    /// <summary>Name of the meter every instrument belongs to.</summary>
    public const string MeterName = "FedWorkbench";

    private readonly Meter _meter;
    private readonly Counter<long> _rounds;
    private readonly Counter<long> _boardOperations;
    private readonly Counter<long> _rejectedRequests;

    /// <summary>Creates the meter through <paramref name="meterFactory"/>, so that tests can listen to one instance.</summary>
    public WorkbenchMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _rounds = _meter.CreateCounter<long>("fedworkbench.rounds", unit: "{round}", description: "Federated rounds finished and stored.");
        _boardOperations = _meter.CreateCounter<long>(
            "fedworkbench.board.operations", unit: "{operation}", description: "Board operations applied and stored.");
        _rejectedRequests = _meter.CreateCounter<long>(
            "fedworkbench.requests.rejected", unit: "{request}", description: "Requests refused by a rate limit or an instance limit, by reason.");

        // Zero from the start, so the series exist before the first round or operation: Prometheus' rate() over a
        // series that appears with value 1 misses that first increment.
        _rounds.Add(0);
        _boardOperations.Add(0);
    }

    /// <summary>The meter, for gauges that other services register.</summary>
    public Meter Meter => _meter;

    /// <summary>Counts one stored round.</summary>
    public void RoundStored() => _rounds.Add(1);

    /// <summary>Counts one applied board operation.</summary>
    public void BoardOperationApplied() => _boardOperations.Add(1);

    /// <summary>Counts one rejected request; <paramref name="reason"/> is a short fixed word such as "rate-limit" or "run-limit".</summary>
    public void RequestRejected(string reason) =>
        _rejectedRequests.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
