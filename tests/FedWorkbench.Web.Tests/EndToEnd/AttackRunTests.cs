using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>A run with malicious clients and a robust aggregation rule, configured in the form and followed on the run page.</summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class AttackRunTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int Rounds = 3;

    // Softmax regression on the synthetic dataset, 10 of 20 clients per round: a few seconds of training. The
    // limit is a failure guard for a loaded machine, not an expected duration.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task SignFlipWithKrum_ChartsEveryRound()
    {
        // Arrange: 20% sign-flipping attackers against Krum, which assumes f = 2 of the 10 updates per round
        // (Krum needs n ≥ 2f + 3 = 7).
        string name = $"Sign-flip against Krum {Guid.NewGuid():N}";
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await page.GetByLabel("Name").FillAsync(name);
        await FormInput.SelectAsync(page, "Dataset", "Synthetic(α, β)");
        await FormInput.SelectAsync(page, "Model", "Softmax regression");
        await FormInput.FillAsync(page, "Clients K", "20");
        await FormInput.FillAsync(page, "Client fraction C", "0.5");
        await FormInput.FillAsync(page, "Rounds", Rounds.ToString(CultureInfo.InvariantCulture));

        await FormInput.OpenSectionAsync(page, "Attacks");
        await FormInput.SelectAsync(page, "Attack", "sign-flip: send the negated update");
        await FormInput.FillAsync(page, "Malicious fraction", "0.2");

        await FormInput.OpenSectionAsync(page, "Strategy");
        await FormInput.SelectAsync(page, "Aggregation", "krum: the most central update");
        await FormInput.FillAsync(page, "Assumed attackers f", "2");

        // Act
        await page.GetByTestId("launch").ClickAsync();
        try
        {
            await RunPageNavigation.WaitForRunPageAsync(page, RunTimeout);
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"Form shows after Launch: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{fixture.App.RecentOutput}");
            throw;
        }

        // Assert: the configuration names the attack and the rule, and the charts gain a point per round.
        ILocator configTable = page.GetByTestId("run-config");
        await Assertions.Expect(configTable).ToContainTextAsync("sign-flip");
        await Assertions.Expect(configTable).ToContainTextAsync("krum");
        await Assertions.Expect(configTable).ToContainTextAsync("Assumed attackers f");

        try
        {
            // The charts are extended one after another, so wait for the last one read below as well.
            await page.WaitForFunctionAsync(
                "n => document.getElementById('accuracy-chart')?.data?.[0]?.x?.length === n"
                + " && document.getElementById('clients-chart')?.data?.[2]?.x?.length === n",
                Rounds, new PageWaitForFunctionOptions { Timeout = (float)RunTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"Run page shows: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{fixture.App.RecentOutput}");
            throw;
        }

        double[] accuracy = await page.EvaluateAsync<double[]>("() => document.getElementById('accuracy-chart').data[0].y");
        Assert.Equal(Rounds, accuracy.Length);
        Assert.All(accuracy, value => Assert.InRange(value, 0.0, 1.0));

        // The clients chart plots reported (trace 0) and malicious (trace 2) clients per round. All 10 sampled
        // clients report, and 4 of the 20 clients are malicious, so attackers report in some rounds.
        double[] reported = await page.EvaluateAsync<double[]>("() => document.getElementById('clients-chart').data[0].y");
        double[] malicious = await page.EvaluateAsync<double[]>("() => document.getElementById('clients-chart').data[2].y");
        Assert.Equal(Enumerable.Repeat(10.0, Rounds), reported);
        Assert.True(malicious.Sum() > 0, $"No malicious client reported in {Rounds} rounds: [{string.Join(", ", malicious)}].");
        Assert.All(malicious, value => Assert.InRange(value, 0.0, 4.0));

        // The partition heatmap shows the 20 clients by the synthetic dataset's 10 labels.
        int heatmapRows = await page.EvaluateAsync<int>("() => document.getElementById('partition-heatmap').data[0].z.length");
        Assert.Equal(20, heatmapRows);

        await page.Context.CloseAsync();
    }
}
