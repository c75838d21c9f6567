using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Runs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FedWorkbench.Web.Tests.Integration;

/// <summary>
/// The whole web app in memory on a test's own data folder, with the real engine. With a <see cref="RoundGate"/>
/// every round waits for the test to release it.
/// </summary>
internal sealed class FedWorkbenchFactory(
    string dataFolder,
    RoundGate? gate = null,
    IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataFolder", dataFolder);

        // Off unless a test's settings turn it on: each test app would otherwise read the whole dataset at start-up,
        // and disposing the app waits for that load to end.
        builder.UseSetting("Datasets:PreloadFashionMnist", "false");
        foreach ((string key, string value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (gate is not null)
        {
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<IExperimentRunner>(provider => new GatedExperimentRunner(
                    new SimulationExperimentRunner(provider.GetRequiredService<FederatedSimulation>()),
                    gate));
            });
        }
    }
}
