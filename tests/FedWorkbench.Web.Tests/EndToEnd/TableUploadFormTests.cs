using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FedWorkbench.Web.Tests.EndToEnd;

/// <summary>The experiment form on the sample CSV file in a real browser, from the dataset choice to a completed run.</summary>
[Collection(EndToEndCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class TableUploadFormTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    // Softmax regression on 5 hospitals for 3 rounds; the featurized sample has 1,920 training rows.
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SampleFile_OwnerColumn_RunsPerHospital()
    {
        // Arrange
        IPage page = await fixture.OpenInteractivePageAsync("experiments/new");
        await page.GetByLabel("Name").FillAsync($"Hospitals {Guid.NewGuid():N}");
        await FormInput.SelectAsync(page, "Dataset", "Your CSV file");
        await FormInput.SelectAsync(page, "Model", "Softmax regression");
        await FormInput.FillAsync(page, "Rounds", "3");

        // Act: load the sample, then pick the label and the owner columns.
        await page.GetByTestId("table-sample-button").ClickAsync();
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

        // Act: launch.
        await page.GetByTestId("launch").ClickAsync();
        await RunPageNavigation.WaitForRunPageAsync(page, TimeSpan.FromMinutes(1));

        // Assert: the run completes on 5 clients.
        await RunPageNavigation.WaitForCompletedAsync(page, RunTimeout, output, () => fixture.App.RecentOutput);
        await Assertions.Expect(page.GetByTestId("partition-summary")).ToContainTextAsync("5 clients with");

        await page.Context.CloseAsync();
    }
}
