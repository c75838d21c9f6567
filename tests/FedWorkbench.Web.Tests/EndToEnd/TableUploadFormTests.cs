using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>
/// The experiment form on the sample CSV file in a real browser, from the dataset choice to a completed run with
/// its evaluation report and two centralized baselines.
/// </summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class TableUploadFormTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    // Softmax regression on 5 hospitals for 3 rounds; the featurized sample has 1,920 training rows.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task UploadedFile_OwnerColumn_RunsPerHospital()
    {
        // Arrange
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await page.GetByLabel("Name").FillAsync($"Hospitals {Guid.NewGuid():N}");
        await FormInput.SelectAsync(page, "Dataset", "Your CSV file");
        await FormInput.SelectAsync(page, "Model", "Softmax regression");
        await FormInput.FillAsync(page, "Rounds", "3");

        // Act: upload the sample file through the file picker, then pick the label and the owner columns.
        string sample = Path.Combine(RepositoryPaths.Root, "wwwroot", "samples", "hospital-discharges.csv");
        await page.GetByTestId("table-file-input").SetInputFilesAsync(sample);
        await Assertions.Expect(page.GetByTestId("table-preview")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("table-file-summary")).ToHaveTextAsync("hospital-discharges.csv: 2,400 rows, 11 columns");
        await FormInput.SelectAsync(page, "TableLabelColumn", "discharge_outcome");
        await FormInput.SelectAsync(page, "TableOwnerColumn", "hospital");

        // Assert: the owner column chose the natural partition with one client per hospital.
        ILocator clients = page.GetByLabel("Clients K", new PageGetByLabelOptions { Exact = true });
        await Assertions.Expect(clients).ToHaveValueAsync("5");
        await Assertions.Expect(clients).ToHaveAttributeAsync("readonly", "");
        await Assertions.Expect(page.GetByLabel("Client fraction C", new PageGetByLabelOptions { Exact = true })).ToHaveValueAsync("1");
        await Assertions.Expect(page.Locator("[data-field=Partition]")).ToHaveValueAsync("natural");
        await Assertions.Expect(page.GetByTestId("table-preview").Locator("tbody tr")).ToHaveCountAsync(10);
        string screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "experiment-form-csv.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot saved to {screenshot}");

        // Act: ask for two centralized baselines, then launch.
        await page.GetByTestId("baselines-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "Engine model on pooled data", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "Maximum entropy (ML.NET logistic regression)", Exact = true }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.GetByTestId("launch").ClickAsync();
        await RunPageNavigation.WaitForRunPageAsync(page, TimeSpan.FromMinutes(1));

        // Assert: the run completes on 5 clients.
        await RunPageNavigation.WaitForCompletedAsync(page, RunTimeout, output, () => fixture.App.RecentOutput);
        await Assertions.Expect(page.GetByTestId("partition-summary")).ToContainTextAsync("5 clients with");

        // Assert: the evaluation report of the final model, with its confusion matrix, and the two baselines as
        // reference lines on the accuracy chart's legend.
        await Assertions.Expect(page.GetByTestId("evaluation-report")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("confusion-matrix").Locator(".main-svg").First).ToBeVisibleAsync();
        ILocator baselineLegend = page.Locator(".legendtext", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex("^Centralized") });
        await Assertions.Expect(baselineLegend).ToHaveCountAsync(2, new LocatorAssertionsToHaveCountOptions { Timeout = 90_000 });

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SampleButton_LoadsSample()
    {
        // Arrange
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await FormInput.SelectAsync(page, "Dataset", "Your CSV file");

        // Act
        await page.GetByTestId("table-sample-button").ClickAsync();

        // Assert
        await Assertions.Expect(page.GetByTestId("table-file-summary")).ToHaveTextAsync("hospital-discharges.csv: 2,400 rows, 11 columns");
        await Assertions.Expect(page.GetByTestId("table-preview").Locator("tbody tr")).ToHaveCountAsync(10);

        await page.Context.CloseAsync();
    }
}
