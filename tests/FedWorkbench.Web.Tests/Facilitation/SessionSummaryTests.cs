using System.Net;
using System.Net.Http.Json;
using System.Text;
using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Tests.Facilitation;

public sealed class SessionSummaryTests
{
    private const string Svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";

    private static SessionSummary Sample(string text) => new(
        text,
        new DateTimeOffset(2026, 12, 5, 14, 30, 0, TimeSpan.Zero),
        [new AgendaPhase(text, 30), new AgendaPhase("Design", 90)],
        new SessionTimer(1, null, 125),
        [new SummaryVoteRound("Board 1", 3, new DateTimeOffset(2026, 12, 5, 14, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 12, 5, 14, 10, 0, TimeSpan.Zero), 4, [new SummaryTally("n1", text, 5), new SummaryTally("n2", "Weekly rounds", 2)])],
        [new SummaryRun(Guid.NewGuid(), text, RunStatus.Completed, 20, 20, 0.8125, 0.83, [new RunConfigRow("Rounds", "20")], UsesFashionMnist: true)],
        Svg);

    private static SummaryRun Run(string name) =>
        new(Guid.NewGuid(), name, RunStatus.Completed, 20, 20, 0.8125, 0.83, [new RunConfigRow("Rounds", "20")], UsesFashionMnist: false);

    [Fact]
    public void Html_EscapesTypedText()
    {
        string html = SessionSummaryRenderer.ToHtml(Sample("<img src=x onerror=alert(1)> & \"q\""));

        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("default-src 'none'; img-src data:", html);
    }

    [Fact]
    public void Html_EmbedsBoardAsDataUriImage()
    {
        string html = SessionSummaryRenderer.ToHtml(Sample("Room"));
        string uri = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(Svg));

        Assert.Contains($"<img alt=\"The board\" src=\"{uri}\">", html);
    }

    [Fact]
    public void Markdown_EscapesTypedText()
    {
        string markdown = SessionSummaryRenderer.ToMarkdown(Sample("[click](http://x) | <b>bold</b>\n# heading"));

        Assert.Contains(@"\[click\]\(http://x\) \| &lt;b&gt;bold&lt;/b&gt; \# heading", markdown);
        Assert.DoesNotContain("[click](", markdown);
        Assert.DoesNotContain("<b>", markdown);
        Assert.Equal(@"\- item", SessionSummaryRenderer.Markdown("- item"));
    }

    [Fact]
    public void Markdown_ContainsEverySection()
    {
        string markdown = SessionSummaryRenderer.ToMarkdown(Sample("Hospitals"));

        Assert.Contains("# Session summary: Hospitals", markdown);
        Assert.Contains("Generated 2026-12-05 14:30 UTC.", markdown);
        Assert.Contains("![Board](data:image/svg+xml;base64,", markdown);
        Assert.Contains("1. Hospitals (30 min)", markdown);
        Assert.Contains("2. Design (90 min)", markdown);

        // 125 s left on a paused countdown of the second phase: 2:05.
        Assert.Contains("Countdown: phase \"Design\" paused with 2:05 left.", markdown);
        Assert.Contains("| Hospitals | 5 |", markdown);
        Assert.Contains("| Weekly rounds | 2 |", markdown);
        Assert.Contains("4 people voted, with 3 votes each.", markdown);
        Assert.Contains($"Final test accuracy {81.25.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} %, best 83.0 %.", markdown);
        Assert.Contains("| Rounds | 20 |", markdown);
        Assert.Contains("Fashion-MNIST", markdown);
    }

    [Fact]
    public void Markdown_RunHeadingNamesLauncherAndTime()
    {
        SessionSummary summary = Sample("Room") with
        {
            Runs = [Run("Hospitals #2") with { LaunchedBy = "Ann", LaunchedAt = new DateTimeOffset(2026, 12, 5, 14, 12, 0, TimeSpan.Zero) }],
        };

        string markdown = SessionSummaryRenderer.ToMarkdown(summary);

        Assert.Contains("### Hospitals \\#2, launched by Ann at 2026-12-05 14:12 UTC", markdown);
    }

    [Theory]
    [InlineData(1211.7, false, 1e-5, "Privacy budget: final ε = 1.21E+03, δ = 0.00001.")]
    [InlineData(2.3456, false, 2.5e-6, "Privacy budget: final ε = 2.35, δ = 0.0000025.")]
    [InlineData(null, true, 1e-5, "Privacy budget: ε unbounded because the noise multiplier is 0, δ = 0.00001.")]
    [InlineData(null, false, 1e-5, "Privacy budget: no ε yet, δ = 0.00001.")]
    public void Markdown_DifferentialPrivacyRunShowsBudget(double? epsilon, bool unbounded, double delta, string expected)
    {
        SessionSummary summary = Sample("Room") with { Runs = [Run("Private") with { Privacy = new SummaryPrivacy(epsilon, unbounded, delta) }] };

        string markdown = SessionSummaryRenderer.ToMarkdown(summary);
        string html = SessionSummaryRenderer.ToHtml(summary);

        Assert.Contains(expected, markdown);
        Assert.Contains(expected, html);
    }

    [Fact]
    public void Markdown_RunWithoutPrivacyShowsNoBudget()
    {
        string markdown = SessionSummaryRenderer.ToMarkdown(Sample("Room"));

        Assert.DoesNotContain("Privacy budget", markdown);
    }

    [Theory]
    [InlineData("not svg", "is not SVG markup")]
    [InlineData("<html></html>", "is not SVG markup")]
    public void BoardSvg_InvalidRejected(string svg, string expected)
    {
        FacilitationException error = Assert.Throws<FacilitationException>(() => SessionSummaryBuilder.CheckSvg(svg));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void BoardSvg_TooLongRejected()
    {
        string svg = "<svg>" + new string(' ', SessionSummaryBuilder.MaxBoardSvgLength) + "</svg>";

        FacilitationException error = Assert.Throws<FacilitationException>(() => SessionSummaryBuilder.CheckSvg(svg));

        Assert.Contains("the summary accepts at most", error.Message);
    }

    [Fact]
    public async Task Api_ReturnsFacilitationAndSummary()
    {
        await using FacilitationHost host = await FacilitationHost.StartAsync();
        await host.AddNotesAsync(("a", "Data stays on site"));
        var service = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<IFacilitationService>(host.Factory.Services);
        await service.SetAgendaAsync(host.Room.RoomId, host.Token, [new AgendaPhase("Theory <1>", 30)]);
        await service.StartVoteAsync(host.Room.RoomId, host.Token, host.Room.BoardId, 2);
        await service.CastVoteAsync(host.Room.RoomId, "ada", "a", 1);
        await service.EndVoteAsync(host.Room.RoomId, host.Token);

        FacilitationView? view = await host.Http.GetFromJsonAsync<FacilitationView>($"/api/rooms/{host.Room.Code}/facilitation");
        string markdown = await host.Http.GetStringAsync($"/api/rooms/{host.Room.Code}/summary");
        string html = await host.Http.GetStringAsync($"/api/rooms/{host.Room.Code}/summary?format=html");
        using HttpResponseMessage badFormat = await host.Http.GetAsync($"/api/rooms/{host.Room.Code}/summary?format=pdf");
        using HttpResponseMessage unknown = await host.Http.GetAsync("/api/rooms/nosuchroom0000000000/facilitation");

        Assert.Equal([new AgendaPhase("Theory <1>", 30)], view!.Agenda);
        Assert.Equal([new VoteTally("a", 1)], view.Vote!.Results);
        Assert.DoesNotContain(host.Token, markdown);
        Assert.Contains("| Data stays on site | 1 |", markdown);
        Assert.Contains("<li>Theory &lt;1&gt; (30 min)</li>", html);
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        Assert.Contains("format 'pdf' is unknown", await badFormat.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
