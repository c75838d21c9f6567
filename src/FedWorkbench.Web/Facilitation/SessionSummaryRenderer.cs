using System.Globalization;
using System.Net;
using System.Text;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Facilitation;

/// <summary>
/// Renders a <see cref="SessionSummary"/> as Markdown or as a standalone HTML page. Every text that people typed is
/// escaped, and the board image is embedded as a data URI in an image element, where a browser runs no script.
/// </summary>
public static class SessionSummaryRenderer
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Returns the summary as Markdown.</summary>
    public static string ToMarkdown(SessionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var md = new StringBuilder();
        md.Append("# Session summary: ").AppendLine(Markdown(summary.RoomName)).AppendLine();
        md.Append("Generated ").Append(Time(summary.GeneratedAt)).AppendLine(".").AppendLine();

        if (summary.BoardSvg is { } svg)
        {
            md.AppendLine("## Board").AppendLine();
            md.Append("![Board](").Append(DataUri(svg)).AppendLine(")").AppendLine();
        }

        md.AppendLine("## Agenda").AppendLine();
        if (summary.Agenda.Count == 0)
        {
            md.AppendLine("No agenda was set.");
        }

        for (int i = 0; i < summary.Agenda.Count; i++)
        {
            md.Append(Invariant, $"{i + 1}. ").Append(Markdown(summary.Agenda[i].Title)).Append(Invariant, $" ({summary.Agenda[i].Minutes} min)").AppendLine();
        }

        md.AppendLine().Append("Countdown: ").Append(Markdown(TimerText(summary))).AppendLine(".").AppendLine();

        md.AppendLine("## Votes").AppendLine();
        if (summary.VoteRounds.Count == 0)
        {
            md.AppendLine("No vote was held.").AppendLine();
        }

        foreach (SummaryVoteRound round in summary.VoteRounds)
        {
            md.Append("### ").AppendLine(Markdown(RoundTitle(round))).AppendLine();
            md.AppendLine(Markdown(RoundLine(round))).AppendLine();
            if (round.Results is { Count: > 0 } results)
            {
                md.AppendLine("| Note | Votes |").AppendLine("| --- | ---: |");
                foreach (SummaryTally tally in results)
                {
                    md.Append("| ").Append(Markdown(tally.Text)).Append(" | ").Append(tally.Votes.ToString(Invariant)).AppendLine(" |");
                }

                md.AppendLine();
            }
        }

        md.AppendLine("## Runs").AppendLine();
        if (summary.Runs.Count == 0)
        {
            md.AppendLine("No run was launched from this room.").AppendLine();
        }

        foreach (SummaryRun run in summary.Runs)
        {
            md.Append("### ").AppendLine(Markdown(RunTitle(run))).AppendLine();
            md.AppendLine(Markdown(RunLine(run))).AppendLine();
            md.AppendLine("| Setting | Value |").AppendLine("| --- | --- |");
            foreach (RunConfigRow row in run.Settings)
            {
                md.Append("| ").Append(Markdown(row.Label)).Append(" | ").Append(Markdown(row.Value)).AppendLine(" |");
            }

            md.AppendLine();
        }

        if (summary.Runs.Any(r => r.UsesFashionMnist))
        {
            md.AppendLine(Markdown(FashionMnistNote)).AppendLine();
        }

        return md.ToString();
    }

    /// <summary>Returns the summary as a standalone HTML page whose content security policy allows no script.</summary>
    public static string ToHtml(SessionSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\">").AppendLine("<head>").AppendLine("<meta charset=\"utf-8\">");
        html.AppendLine("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">");
        html.Append("<title>Session summary: ").Append(Html(summary.RoomName)).AppendLine("</title>");
        html.AppendLine("<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}"
            + "img{max-width:100%;border:1px solid #ccc}</style>");
        html.AppendLine("</head>").AppendLine("<body>");
        html.Append("<h1>Session summary: ").Append(Html(summary.RoomName)).AppendLine("</h1>");
        html.Append("<p>Generated ").Append(Html(Time(summary.GeneratedAt))).AppendLine(".</p>");

        if (summary.BoardSvg is { } svg)
        {
            html.AppendLine("<h2>Board</h2>");
            html.Append("<img alt=\"The board\" src=\"").Append(DataUri(svg)).AppendLine("\">");
        }

        html.AppendLine("<h2>Agenda</h2>");
        if (summary.Agenda.Count == 0)
        {
            html.AppendLine("<p>No agenda was set.</p>");
        }
        else
        {
            html.AppendLine("<ol>");
            foreach (AgendaPhase phase in summary.Agenda)
            {
                html.Append("<li>").Append(Html(phase.Title)).Append(Invariant, $" ({phase.Minutes} min)").AppendLine("</li>");
            }

            html.AppendLine("</ol>");
        }

        html.Append("<p>Countdown: ").Append(Html(TimerText(summary))).AppendLine(".</p>");

        html.AppendLine("<h2>Votes</h2>");
        if (summary.VoteRounds.Count == 0)
        {
            html.AppendLine("<p>No vote was held.</p>");
        }

        foreach (SummaryVoteRound round in summary.VoteRounds)
        {
            html.Append("<h3>").Append(Html(RoundTitle(round))).AppendLine("</h3>");
            html.Append("<p>").Append(Html(RoundLine(round))).AppendLine("</p>");
            if (round.Results is { Count: > 0 } results)
            {
                html.AppendLine("<table><thead><tr><th>Note</th><th>Votes</th></tr></thead><tbody>");
                foreach (SummaryTally tally in results)
                {
                    html.Append("<tr><td>").Append(Html(tally.Text)).Append("</td><td>").Append(tally.Votes.ToString(Invariant)).AppendLine("</td></tr>");
                }

                html.AppendLine("</tbody></table>");
            }
        }

        html.AppendLine("<h2>Runs</h2>");
        if (summary.Runs.Count == 0)
        {
            html.AppendLine("<p>No run was launched from this room.</p>");
        }

        foreach (SummaryRun run in summary.Runs)
        {
            html.Append("<h3>").Append(Html(RunTitle(run))).AppendLine("</h3>");
            html.Append("<p>").Append(Html(RunLine(run))).AppendLine("</p>");
            html.AppendLine("<table><thead><tr><th>Setting</th><th>Value</th></tr></thead><tbody>");
            foreach (RunConfigRow row in run.Settings)
            {
                html.Append("<tr><td>").Append(Html(row.Label)).Append("</td><td>").Append(Html(row.Value)).AppendLine("</td></tr>");
            }

            html.AppendLine("</tbody></table>");
        }

        if (summary.Runs.Any(r => r.UsesFashionMnist))
        {
            html.Append("<p>").Append(Html(FashionMnistNote)).AppendLine("</p>");
        }

        html.AppendLine("</body>").AppendLine("</html>");
        return html.ToString();
    }

    private const string FashionMnistNote =
        "Runs on Fashion-MNIST use that public image set in place of the real data of the scenario on the board.";

    /// <summary>Returns the SVG as a base64 data URI, which contains only characters that need no escaping in Markdown or an HTML attribute.</summary>
    internal static string DataUri(string svg) => "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    /// <summary>
    /// Escapes Markdown syntax characters with a backslash and HTML's '&lt;', '&gt;' and '&amp;' as entities, and
    /// joins lines, so a typed text cannot add links, images, raw HTML, table cells, list items or headings.
    /// </summary>
    internal static string Markdown(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);

        // A leading '-' or '+' would start a list item.
        if (text.StartsWith('-') || text.StartsWith('+'))
        {
            escaped.Append('\\');
        }

        foreach (char c in text)
        {
            switch (c)
            {
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '\r' or '\n':
                    escaped.Append(' ');
                    break;
                case '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '(' or ')' or '#' or '!' or '|' or '~':
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant);

    private static string Percent(double? value) => value is double v ? (v * 100).ToString("0.0", Invariant) + " %" : "none";

    private static string TimerText(SessionSummary summary)
    {
        SessionTimer timer = summary.Timer;
        string phase = timer.PhaseIndex is int index && index < summary.Agenda.Count
            ? $"phase \"{summary.Agenda[index].Title}\""
            : "the countdown";
        if (timer.EndsAt is { } endsAt)
        {
            return $"{phase} running, ends at {Time(endsAt)}";
        }

        if (timer.PausedRemainingSeconds is double paused)
        {
            var left = TimeSpan.FromSeconds(Math.Round(paused));
            return $"{phase} paused with {(int)left.TotalMinutes}:{left.Seconds:00} left";
        }

        return "not running";
    }

    private static string RoundTitle(SummaryVoteRound round) => $"Vote on \"{round.BoardName}\" at {Time(round.StartedAt)}";

    private static string RoundLine(SummaryVoteRound round)
    {
        string state = round.EndedAt is { } ended ? $"Ended at {Time(ended)}" : "Still open, so its results are not shown";
        return $"{state}. {round.Voters} people voted, with {round.VotesPerPerson} votes each.";
    }

    // "Hospitals #2, launched by Ann at 2026-12-05 10:12 UTC"; the parts that are not stored are left out.
    private static string RunTitle(SummaryRun run)
    {
        var title = new StringBuilder(run.Name);
        if (run.LaunchedBy is { Length: > 0 } launcher)
        {
            title.Append(", launched by ").Append(launcher);
        }

        if (run.LaunchedAt is DateTimeOffset launchedAt)
        {
            title.Append(run.LaunchedBy is { Length: > 0 } ? " at " : ", launched at ").Append(Time(launchedAt));
        }

        return title.ToString();
    }

    private static string RunLine(SummaryRun run)
    {
        string line = $"Status {run.Status.ToString().ToLowerInvariant()}, {run.CompletedRounds} of {run.TotalRounds} rounds. "
            + $"Final test accuracy {Percent(run.FinalAccuracy)}, best {Percent(run.BestAccuracy)}.";
        return run.Privacy is { } privacy ? $"{line} {PrivacyLine(privacy)}" : line;
    }

    // Formatted as on the run page: ε with three significant digits, δ written out as a decimal.
    private static string PrivacyLine(SummaryPrivacy privacy)
    {
        string delta = PrivacyNotes.FormatDelta(privacy.Delta);
        if (privacy.EpsilonUnbounded)
        {
            return $"Privacy budget: ε unbounded because the noise multiplier is 0, δ = {delta}.";
        }

        return privacy.FinalEpsilon is double epsilon
            ? $"Privacy budget: final ε = {PrivacyNotes.FormatEpsilon(epsilon)}, δ = {delta}."
            : $"Privacy budget: no ε yet, δ = {delta}.";
    }
}
