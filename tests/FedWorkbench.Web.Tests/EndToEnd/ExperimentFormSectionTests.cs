using System.Text;
using FedWorkbench.Simulation.Configuration;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>The experiment form's collapsible sections and presets in a real browser.</summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ExperimentFormSectionTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Section_OpensFromKeyboard()
    {
        // Arrange
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        ILocator header = FormInput.SectionHeader(page, "UnreliableClients");
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-expanded", "false");

        // Act: Tab moves focus to the header like any button; Enter opens it.
        await header.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        // Assert
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-expanded", "true");
        ILocator deadline = page.GetByLabel("Round deadline", new PageGetByLabelOptions { Exact = true });
        await Assertions.Expect(deadline).ToBeVisibleAsync();
        await Assertions.Expect(deadline).ToHaveAttributeAsync("placeholder", "none");

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CollapsedInvalidSection_OpensOnLaunch()
    {
        // Arrange: unparsable text in the round deadline, then the section is closed again.
        string name = $"Collapsed error {Guid.NewGuid():N}";
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await page.GetByLabel("Name").FillAsync(name);
        await FormInput.OpenSectionAsync(page, "UnreliableClients");
        await FormInput.FillAsync(page, "Round deadline", "soon");
        ILocator header = FormInput.SectionHeader(page, "UnreliableClients");
        await header.ClickAsync();
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-expanded", "false");

        // Act
        await page.GetByTestId("launch").ClickAsync();

        // Assert: the section opens, counts its invalid setting, and the input shows the message quoting the text.
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.Locator("[data-section=UnreliableClients] [data-testid=section-errors]"))
            .ToHaveTextAsync("1 invalid setting");
        ILocator deadline = page.GetByLabel("Round deadline", new PageGetByLabelOptions { Exact = true });
        await Assertions.Expect(FormInput.ErrorTextOf(page, deadline))
            .ToHaveTextAsync("Round deadline: 'soon' is not a number; enter for example 60.");
        await Assertions.Expect(page.GetByTestId("launch-error")).ToContainTextAsync("1 setting is invalid");

        // Act: an empty deadline means none, which is valid.
        await FormInput.FillAsync(page, "Round deadline", string.Empty);

        // Assert
        await Assertions.Expect(FormInput.ErrorTextOf(page, deadline)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-section=UnreliableClients] [data-testid=section-errors]")).ToHaveCountAsync(0);

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task FailedLaunch_FocusesFirstInvalidInput()
    {
        // Arrange: Krum with f = 4 needs 11 updates, but K = 100 and C = 0.1 give 10. The Strategy section is then closed.
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await page.Locator("[data-preset=sign-flip-20]").ClickAsync();
        await FormInput.FillAsync(page, "Assumed attackers f", "4");
        ILocator header = FormInput.SectionHeader(page, "Strategy");
        await header.ClickAsync();
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-expanded", "false");

        // Act
        await page.GetByTestId("launch").ClickAsync();

        // Assert: the section opens and keyboard focus moves from Launch to the invalid input.
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-expanded", "true");
        ILocator attackers = page.GetByLabel("Assumed attackers f", new PageGetByLabelOptions { Exact = true });
        await Assertions.Expect(FormInput.ErrorTextOf(page, attackers)).ToContainTextAsync("needs at least 2f + 3 = 11 updates");
        await Assertions.Expect(attackers).ToBeFocusedAsync();

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task QuantityPartition_ShowsMinimumClientSize()
    {
        // Arrange
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        ILocator minClientSize = page.GetByLabel("Minimum client size", new PageGetByLabelOptions { Exact = true });
        await Assertions.Expect(minClientSize).ToHaveCountAsync(0);

        // Act: 10,000 clients × minimum client size 10 = 100,000 exceeds the 60,000 training samples.
        await FormInput.SelectAsync(page, "Partition", "quantity: IID labels, skewed client sizes");
        await FormInput.FillAsync(page, "Clients K", "10000");

        // Assert: the input is shown with its message, and so is Clients K, which fixes it too.
        await Assertions.Expect(minClientSize).ToBeVisibleAsync();
        await Assertions.Expect(FormInput.ErrorTextOf(page, minClientSize)).ToContainTextAsync("10,000 clients × minimum client size 10 = 100,000");
        ILocator clients = page.GetByLabel("Clients K", new PageGetByLabelOptions { Exact = true });
        await Assertions.Expect(FormInput.ErrorTextOf(page, clients)).ToContainTextAsync("minimum client size 10");
        await Assertions.Expect(page.GetByTestId("hidden-field-errors")).ToHaveCountAsync(0);

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TopKMemoryLimit_ShownAtClients()
    {
        // Arrange: top-k keeps 4 bytes per parameter per client, over the limit for 10,000 clients of the default 2NN.
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await FormInput.OpenSectionAsync(page, "Communication");
        await FormInput.SelectAsync(page, "Compression", "topk: top-k sparsification with error feedback");

        // Act
        await FormInput.FillAsync(page, "Clients K", "10000");

        // Assert: before any launch, Clients K and Compression both show the message.
        ILocator clients = page.GetByLabel("Clients K", new PageGetByLabelOptions { Exact = true });
        await Assertions.Expect(FormInput.ErrorTextOf(page, clients)).ToContainTextAsync("10,000 clients × 199,210 parameters × 4 bytes");
        ILocator compression = page.Locator(".mud-input-control", new PageLocatorOptions { Has = page.Locator("[data-field=Compression]") })
            .Locator(".mud-input-helper-text.mud-input-error");
        await Assertions.Expect(compression).ToContainTextAsync("10,000 clients × 199,210 parameters × 4 bytes");

        // Act: fewer clients clear both messages.
        await FormInput.FillAsync(page, "Clients K", "100");

        // Assert
        await Assertions.Expect(FormInput.ErrorTextOf(page, clients)).ToHaveCountAsync(0);
        await Assertions.Expect(compression).ToHaveCountAsync(0);

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Preset_ShowsTooltipAndFillsForm()
    {
        // Arrange
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        ILocator preset = page.Locator("[data-preset=sign-flip-20]");

        // Act: hovering shows the description; clicking fills the form.
        await preset.HoverAsync();
        await Assertions.Expect(page.GetByText("train honestly and then send the negated update")).ToBeVisibleAsync();
        await preset.ClickAsync();

        // Assert: the sections the preset changes are open and show its values.
        await Assertions.Expect(FormInput.SectionHeader(page, "Attacks")).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(FormInput.SectionHeader(page, "Strategy")).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.GetByLabel("Malicious fraction", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("0.2");
        await Assertions.Expect(page.GetByLabel("Assumed attackers f", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("3");
        await Assertions.Expect(page.Locator("[data-field=Attack]")).ToHaveValueAsync("sign-flip");
        await Assertions.Expect(page.Locator("[data-field=Aggregation]")).ToHaveValueAsync("krum");
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveValueAsync("20% sign-flipping attackers, Krum");
        await SaveScreenshotAsync(page, "experiment-form-preset.png");

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ImportThenExport_KeepsEveryNewSetting()
    {
        // Arrange: an experiment file that sets the new settings to values other than their defaults.
        var config = new ExperimentConfig
        {
            Name = "Every new setting",
            Partition = PartitionKind.Quantity,
            QuantitySkew = QuantitySkewKind.PowerLaw,
            PowerLawExponent = 2.5,
            ClientTestFraction = 0.2,
            Momentum = 0.9,
            WeightDecay = 1e-4,
            Strategy = StrategyKind.FedYogi,
            ServerLearningRate = 0.02,
            Beta1 = 0.8,
            Beta2 = 0.95,
            Tau = 0.01,
            Aggregation = AggregationKind.MultiKrum,
            AssumedAttackers = 2,
            KrumSelected = 4,
            Dropout = 0.1,
            ComputeSpeedMedian = 250,
            ComputeSpeedSpread = 1.5,
            BandwidthMedianMbps = 2.5,
            BandwidthSpread = 0.25,
            RoundDeadlineSeconds = 7.5,
            OverSelection = 0.3,
            Attack = AttackKind.Gaussian,
            MaliciousFraction = 0.1,
            AttackNoiseStd = 3,
            InvalidUpdates = InvalidUpdatePolicy.Fail,
            Compression = CompressionKind.TopK,
            TopKFraction = 0.05,
        };
        string imported = ExperimentJson.Serialize(config);
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");

        // Act
        await EndToEndFixture.ChooseFileAsync(page, new FilePayload
        {
            Name = "every-new-setting.experiment.json",
            MimeType = "application/json",
            Buffer = Encoding.UTF8.GetBytes(imported),
        });
        await Assertions.Expect(page.GetByLabel("Round deadline", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("7.5");
        IDownload download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Export", Exact = true }).ClickAsync());
        string exported = await File.ReadAllTextAsync(await download.PathAsync());

        // Assert
        Assert.Equal(imported, exported);

        await page.Context.CloseAsync();
    }

    private async Task SaveScreenshotAsync(IPage page, string fileName)
    {
        int width = page.ViewportSize?.Width ?? 1400;
        int height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SetViewportSizeAsync(width, height);

        string path = Path.Combine(AppContext.BaseDirectory, "screenshots", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot saved to {path}");
    }
}
