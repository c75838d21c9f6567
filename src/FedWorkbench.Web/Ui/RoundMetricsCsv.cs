using System.Globalization;
using System.Text;
using FedWorkbench.Web.Runs;

namespace FedWorkbench.Web.Ui;

/// <summary>
/// A run's rounds as CSV (RFC 4180): a header row with the JSON property names of <see cref="RoundMetrics"/>,
/// then one row per round. Numbers use the invariant culture, and decimals are written in their shortest
/// round-trip form. An undefined value is an empty cell, and text is quoted when it contains a comma, a quote
/// or a line break. An unbounded ε is an empty <c>epsilon</c> cell with <c>true</c> under <c>epsilonUnbounded</c>.
/// The masked-update sample is left out: it is a list per round, which the JSON API returns.
/// A run with client groups gets one more column per group after these, <c>groupAccuracy1</c> to
/// <c>groupAccuracyN</c>, numbered in the order of the experiment's client groups. RFC 4180 has no comment
/// lines, so the group names are not in the file.
/// </summary>
public static class RoundMetricsCsv
{
    /// <summary>MIME type of the CSV file.</summary>
    public const string ContentType = "text/csv";

    /// <summary>The first row of the file for a run without client groups.</summary>
    public const string Header =
        "round,testAccuracy,testLoss,trainLoss,sampledClients,aggregatedClients,trainedSamples,roundSeconds,elapsedSeconds," +
        "rejectedClients,reportedClients,droppedClients,maliciousClients,bytesDown,bytesUp,simulatedSeconds," +
        "clientAccuracyClients,clientAccuracyMean,clientAccuracyStd,clientAccuracyWorst10,globalModelKeptReason," +
        "epsilon,epsilonUnbounded,clipNorm,clippedFraction,secureAggregationBytes,secureAggregationSeconds";

    // RFC 4180 ends every row, the last one included, with CR LF.
    private const string LineEnd = "\r\n";

    /// <summary>
    /// Returns a file name derived from the run name, for example "iid-baseline.metrics.csv", or one with the
    /// run id, such as "run-01a242f8-80fc-7f15-bfc7-c1bb91cc2244.metrics.csv", when the name has no letters or digits.
    /// </summary>
    public static string FileNameFor(RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        string stem = FileNameStem.From(run.Name);
        return stem.Length == 0 ? $"run-{run.Id}.metrics.csv" : $"{stem}.metrics.csv";
    }

    /// <summary>Prefix of the per-group columns; the group's position, from 1, follows it.</summary>
    public const string GroupAccuracyColumnPrefix = "groupAccuracy";

    /// <summary>Returns the first row of the file for a run with <paramref name="groupCount"/> client groups.</summary>
    public static string HeaderFor(int groupCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(groupCount);
        var header = new StringBuilder(Header);
        for (int group = 1; group <= groupCount; group++)
        {
            header.Append(',').Append(GroupAccuracyColumnPrefix).Append(group.ToString(CultureInfo.InvariantCulture));
        }

        return header.ToString();
    }

    /// <summary>
    /// Writes the header and one row per round, in the order given. The file has <paramref name="groupCount"/>
    /// group accuracy columns, or more when a round has a longer group accuracy list. A round without a value for
    /// a group, such as a round stored before group accuracy was recorded, leaves that cell empty.
    /// </summary>
    public static string Write(IEnumerable<RoundMetrics> rounds, int groupCount = 0)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentOutOfRangeException.ThrowIfNegative(groupCount);
        List<RoundMetrics> roundList = [.. rounds];
        int columns = roundList.Select(round => round.GroupAccuracy?.Count ?? 0).Append(groupCount).Max();

        var csv = new StringBuilder(HeaderFor(columns)).Append(LineEnd);
        foreach (RoundMetrics round in roundList)
        {
            csv.Append(round.Round.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Decimal(round.TestAccuracy)).Append(',')
                .Append(Decimal(round.TestLoss)).Append(',')
                .Append(Decimal(round.TrainLoss)).Append(',')
                .Append(round.SampledClients.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(round.AggregatedClients.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(round.TrainedSamples.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Decimal(round.RoundSeconds)).Append(',')
                .Append(Decimal(round.ElapsedSeconds)).Append(',')
                .Append(Integer(round.RejectedClients)).Append(',')
                .Append(Integer(round.ReportedClients)).Append(',')
                .Append(Integer(round.DroppedClients)).Append(',')
                .Append(Integer(round.MaliciousClients)).Append(',')
                .Append(Integer(round.BytesDown)).Append(',')
                .Append(Integer(round.BytesUp)).Append(',')
                .Append(Decimal(round.SimulatedSeconds)).Append(',')
                .Append(Integer(round.ClientAccuracyClients)).Append(',')
                .Append(Decimal(round.ClientAccuracyMean)).Append(',')
                .Append(Decimal(round.ClientAccuracyStd)).Append(',')
                .Append(Decimal(round.ClientAccuracyWorst10)).Append(',')
                .Append(Text(round.GlobalModelKeptReason)).Append(',')
                .Append(Decimal(round.Epsilon)).Append(',')
                .Append(round.EpsilonUnbounded ? "true" : "false").Append(',')
                .Append(Decimal(round.ClipNorm)).Append(',')
                .Append(Decimal(round.ClippedFraction)).Append(',')
                .Append(Integer(round.SecureAggregationBytes)).Append(',')
                .Append(Decimal(round.SecureAggregationSeconds));
            for (int group = 0; group < columns; group++)
            {
                double? accuracy = round.GroupAccuracy is { } values && group < values.Count ? values[group] : null;
                csv.Append(',').Append(Decimal(accuracy));
            }

            csv.Append(LineEnd);
        }

        return csv.ToString();
    }

    private static string Integer(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    // RFC 4180 section 2: a field with a comma, a quote or a line break is quoted, and its quotes are doubled.
    private static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    // An empty cell for a missing value, and for NaN or an infinity, which spreadsheets do not read as numbers.
    private static string Decimal(double? value) =>
        value is double number && double.IsFinite(number) ? number.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
