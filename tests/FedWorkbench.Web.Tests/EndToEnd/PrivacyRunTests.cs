using System.Globalization;
using FedWorkbench.Simulation.Privacy;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>A run with central differential privacy, configured in the form's Privacy section and followed on the run page.</summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class PrivacyRunTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int Rounds = 2;

    // Softmax regression on the synthetic dataset with 20 clients: a few seconds of training. The limit is a
    // failure guard for a loaded machine, not an expected duration.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task CentralDpPoisson_ShowsEpsilonChart()
    {
        // Arrange: central DP with Poisson sampling, so the fixed-sampling warning goes away.
        string name = $"Central DP {Guid.NewGuid():N}";
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await page.GetByLabel("Name").FillAsync(name);
        await FormInput.SelectAsync(page, "Dataset", "Synthetic(α, β)");
        await FormInput.SelectAsync(page, "Model", "Softmax regression");
        await FormInput.FillAsync(page, "Clients K", "20");
        await FormInput.FillAsync(page, "Client fraction C", "0.5");
        await FormInput.FillAsync(page, "Rounds", Rounds.ToString(CultureInfo.InvariantCulture));

        await FormInput.OpenSectionAsync(page, "Privacy");
        await FormInput.SelectAsync(page, "DifferentialPrivacy", "central: server clips and adds noise");
        await Assertions.Expect(page.GetByTestId("fixed-sampling-warning")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Clip norm S", new PageGetByLabelOptions { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Noise multiplier z", new PageGetByLabelOptions { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Clip quantile γ", new PageGetByLabelOptions { Exact = true })).ToHaveCountAsync(0);
        await FormInput.SelectAsync(page, "Sampling", "poisson: each client with probability C");
        await Assertions.Expect(page.GetByTestId("fixed-sampling-warning")).ToHaveCountAsync(0);

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

        // Assert: the configuration names the mechanism and the sampling, and the ε chart is on the page.
        ILocator configTable = page.GetByTestId("run-config");
        await Assertions.Expect(configTable).ToContainTextAsync("central");
        await Assertions.Expect(configTable).ToContainTextAsync("poisson");
        await Assertions.Expect(configTable).ToContainTextAsync("Noise multiplier z");
        await Assertions.Expect(page.GetByTestId("privacy-budget")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#epsilon-chart")).ToBeAttachedAsync();

        // The privacy panel is extended after the run charts, so wait for its chart itself.
        try
        {
            await page.WaitForFunctionAsync(
                "n => document.getElementById('epsilon-chart')?.data?.[0]?.x?.length === n",
                Rounds, new PageWaitForFunctionOptions { Timeout = (float)RunTimeout.TotalMilliseconds });
        }
        catch (PlaywrightException)
        {
            output.WriteLine($"Run page shows: {await page.Locator(".mud-main-content").InnerTextAsync()}");
            output.WriteLine($"App output:{Environment.NewLine}{fixture.App.RecentOutput}");
            throw;
        }

        double[] epsilonRounds = await page.EvaluateAsync<double[]>("() => document.getElementById('epsilon-chart').data[0].x");
        Assert.Equal([1.0, 2.0], epsilonRounds);

        // The chart plots the accountant's ε for q = C = 0.5, the default z = 1 and δ = 1e-5 after each round.
        double[] epsilons = await page.EvaluateAsync<double[]>("() => document.getElementById('epsilon-chart').data[0].y");
        for (int round = 1; round <= Rounds; round++)
        {
            double expected = RdpAccountant.Epsilon(samplingRate: 0.5, noiseMultiplier: 1, steps: round, delta: 1e-5);
            Assert.Equal(expected, epsilons[round - 1], 1e-9);
        }

        Assert.True(epsilons[1] > epsilons[0], $"ε did not grow: [{string.Join(", ", epsilons)}].");
    }
}
