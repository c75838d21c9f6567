using System.Text.Json;
using System.Text.Json.Serialization;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Training;
using FedWorkbench.Web.Baselines;
using FedWorkbench.Web.Boards;
using FedWorkbench.Web.Facilitation;
using FedWorkbench.Web.Hubs;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FedWorkbench.Web;

/// <summary>Registers the workbench's back end: storage, engine, run queue and worker, notifier and hub.</summary>
public static class FedWorkbenchServiceCollectionExtensions
{
    /// <summary>
    /// Name prefix of the threads that train runs: <c>fedwb-sim-1</c> to <c>fedwb-sim-N</c> for N processors, as
    /// <c>top -H</c> and <c>/proc/PID/task/TID/comm</c> show them on Linux.
    /// </summary>
    public const string SimulationThreadNamePrefix = "fedwb-sim";

    /// <summary>
    /// Adds options (sections <c>Storage</c>, <c>Runs</c>, <c>Hub</c>, <c>Datasets</c>, <c>Tables</c>, validated at start-up), the SQLite
    /// context factory, the engine, <see cref="IRunService"/>, <see cref="IRunNotifier"/>, the run worker and the
    /// SignalR bridge. All services are singletons except the contexts the factory creates.
    /// </summary>
    public static IServiceCollection AddFedWorkbenchBackend(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RunOptions>()
            .Bind(configuration.GetSection(RunOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RunHubOptions>()
            .Bind(configuration.GetSection(RunHubOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<DatasetOptions>()
            .Bind(configuration.GetSection(DatasetOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<Tables.TableOptions>()
            .Bind(configuration.GetSection(Tables.TableOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Antiforgery and circuit tokens are protected with keys kept beside the database, so a restarted or
        // recreated container still accepts the tokens of pages that were open before.
        string? dataFolder = configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.DataFolder)}"];
        string keyFolder = Path.Combine(Path.GetFullPath(string.IsNullOrWhiteSpace(dataFolder) ? "data" : dataFolder), "keys");
        services.AddDataProtection()
            .SetApplicationName("FedWorkbench")
            .PersistKeysToFileSystem(new DirectoryInfo(keyFolder));

        services.AddDbContextFactory<FedWorkbenchDbContext>((provider, builder) =>
        {
            StorageOptions storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            // SQLite's busy handler waits as long as the command timeout, so the first retry that
            // Microsoft.Data.Sqlite would make already finds the timeout spent and the statement fails.
            builder.UseSqlite(storage.ConnectionString, sqlite => sqlite.CommandTimeout(storage.CommandTimeoutSeconds))
                .AddInterceptors(new SqliteBusyTimeoutInterceptor(storage.CommandTimeoutSeconds * 1000));
        });

        services.AddMetrics();
        services.AddSingleton<Operations.WorkbenchMetrics>();
        services.AddSingleton<DataFolderLock>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Tables.TableDatasets>();
        services.AddSingleton<Tables.TableUploads>();
        services.AddSingleton(provider => new DatasetCatalog(
            provider.GetRequiredService<IOptions<DatasetOptions>>().Value.FashionMnistFolder,
            provider.GetRequiredService<Tables.TableDatasets>().Load));
        // Runs train on dedicated threads, one per processor and shared by all runs, so that training never takes
        // the thread pool's threads from circuits, SignalR and requests. The container disposes the scheduler.
        services.AddSingleton(_ => new DedicatedThreadTaskScheduler(Environment.ProcessorCount, SimulationThreadNamePrefix));
        services.AddSingleton(provider => new FederatedSimulation(
            provider.GetRequiredService<DatasetCatalog>(),
            new SimulationOptions { TaskScheduler = provider.GetRequiredService<DedicatedThreadTaskScheduler>() },
            provider.GetRequiredService<ILogger<FederatedSimulation>>()));
        services.AddSingleton<IExperimentRunner, SimulationExperimentRunner>();
        services.AddSingleton<DatasetPreloader>();
        services.AddSingleton<StartupWarmUpStatus>();

        services.AddSingleton<RunNotifier>();
        services.AddSingleton<IRunNotifier>(provider => provider.GetRequiredService<RunNotifier>());
        services.AddSingleton<RunQueue>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<RunModelStore>();
        services.AddSingleton<RunStatusPublisher>();
        services.AddSingleton<RunService>();
        services.AddSingleton<IRunService>(provider => provider.GetRequiredService<RunService>());

        services.AddBoards(configuration);

        // Enums travel as kebab-case names, as in the experiment file ("fashion-mnist", "running").
        var enumConverter = new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower);
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(enumConverter));
        services.AddProblemDetails();
        services.AddSignalR(options => options.AddFilter<HubErrorLogFilter>())
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(enumConverter))
            .AddHubOptions<BoardHub>(_ => { });

        // SignalR's default receive limit of 32 KB closes the connection on a paste of 16 long notes, and the
        // browser then resends the same operation on every reconnect. The hub must accept any valid operation.
        // The empty AddHubOptions above is needed: without it the hub ignores its own options and uses the
        // global ones. PostConfigure, because SignalR's setup copies the global 32 KB into the hub's options.
        services.AddOptions<HubOptions<BoardHub>>()
            .PostConfigure<IOptions<BoardOptions>>((hub, boards) =>
            {
                hub.MaximumReceiveMessageSize = boards.Value.MaxMessageBytes;

                // The browser board gives up on a silent server after 12 s, so that it shows "Offline" soon after a
                // crash; a keep-alive every 5 s keeps an idle but healthy connection from looking silent that long.
                hub.KeepAliveInterval = TimeSpan.FromSeconds(5);
            });

        // HubErrorLogFilter logs unexpected hub method failures, so the dispatcher's Error entries, which also
        // cover every HubException answering bad client input, are not needed.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical));

        // Hosted services start in registration order and stop in reverse. The database is migrated before the
        // worker reads it, and the bridge outlives the worker so that followers see a run's last status. The dataset
        // load needs no database, so it starts first and overlaps the migrations.
        services.AddHostedService(provider => provider.GetRequiredService<DatasetPreloader>());
        services.AddHostedService<DatabaseInitializer>();
        services.AddHostedService<RunHubBridge>();
        services.AddHostedService<RunWorker>();
        services.AddHostedService<StartupWarmUp>();
        services.AddBaselines(configuration);

        return services;
    }

    /// <summary>
    /// Adds the board options (section <c>Boards</c>, validated at start-up), <see cref="BoardService"/>,
    /// <see cref="RoomPresence"/>, <see cref="IRoomService"/>, <see cref="IBoardSimulator"/> and facilitation
    /// (<see cref="Facilitation.FacilitationServiceCollectionExtensions.AddFacilitation"/>), all singletons.
    /// </summary>
    public static IServiceCollection AddBoards(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<BoardOptions>()
            .Bind(configuration.GetSection(BoardOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<BoardService>();
        services.AddSingleton<RoomPresence>();
        services.AddSingleton<RoomService>();
        services.AddSingleton<IRoomService>(provider => provider.GetRequiredService<RoomService>());
        services.AddSingleton<BoardTableCheck>();
        services.AddSingleton<BoardSimulator>();
        services.AddSingleton<IBoardSimulator>(provider => provider.GetRequiredService<BoardSimulator>());
        services.AddFacilitation();
        return services;
    }
}
