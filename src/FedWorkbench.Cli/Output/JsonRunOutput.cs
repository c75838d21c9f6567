using System.Text.Json;
using System.Text.Json.Serialization;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;

namespace FedWorkbench.Cli.Output;

/// <summary>
/// Writes JSON lines: one <see cref="RoundLine"/> object per round with camelCase names, then one
/// <see cref="RunSummary"/> object with <c>"summary": true</c>. Nothing else goes to standard output.
/// </summary>
internal sealed class JsonRunOutput(TextWriter output) : IRunOutput
{
    /// <summary>
    /// Serializer options of the lines. A diverged run has NaN or infinite losses, which plain JSON cannot hold,
    /// so they are written as the strings "NaN", "Infinity" and "-Infinity".
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <inheritdoc/>
    public void WriteStart(ExperimentConfig config)
    {
        // Standard output carries only round and summary objects. 'fedwb config' prints the experiment.
    }

    /// <inheritdoc/>
    public void WriteRound(RoundResult round, int plannedRounds) =>
        output.WriteLine(JsonSerializer.Serialize(RoundLine.From(round), Options));

    /// <inheritdoc/>
    public void WriteSummary(RunSummary summary) =>
        output.WriteLine(JsonSerializer.Serialize(summary, Options));
}
