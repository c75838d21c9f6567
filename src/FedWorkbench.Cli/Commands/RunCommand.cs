using System.CommandLine;
using System.Globalization;
using FedWorkbench.Cli.Options;
using FedWorkbench.Cli.Output;
using FedWorkbench.Data;
using FedWorkbench.Data.Baselines;
using FedWorkbench.Data.Evaluation;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Simulation.Training;

namespace FedWorkbench.Cli.Commands;

/// <summary><c>fedwb run</c>: runs one experiment and writes each round's metrics as it finishes.</summary>
internal static class RunCommand
{
    /// <summary>
    /// Largest accepted --threads. Each thread keeps its own training buffers, so a typo such as 100000 would
    /// allocate without bound; more threads than clients per round never help.
    /// </summary>
    private const int MaxThreads = 256;

    /// <summary>Creates the command, which writes results to <paramref name="output"/> and errors to <paramref name="error"/>.</summary>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var experiment = new ExperimentOptions();
        var table = new TableOptions();
        var dataFolder = new Option<string?>("--data-folder")
        {
            Description = $"Folder containing the four Fashion-MNIST idx .gz files [default: {DatasetCatalog.DefaultFashionMnistFolder}].",
            HelpName = "DIR",
        };
        var threads = new Option<int?>("--threads")
        {
            Description = $"Threads that train clients and evaluate, at most {MaxThreads}. Results do not depend on it [default: {Environment.ProcessorCount}, the processor count].",
            HelpName = "N",
            CustomParser = OptionParsers.Integer(minimum: 1, maximum: MaxThreads),
        };
        var json = new Option<bool>("--json")
        {
            Description = "Write one JSON object per round, then a summary object, instead of readable lines.",
        };
        var exportModel = new Option<string?>("--export-model")
        {
            Description = "Write the final global model to this ONNX file after the last round.",
            HelpName = "FILE.onnx",
        };
        var baselines = new Option<IReadOnlyList<BaselineKind>?>("--baseline")
        {
            Description = $"After the run, train these centralized baselines on the pooled training data and print their test accuracy: " +
                $"{string.Join(", ", ExperimentNames.All<BaselineKind>())}, comma-separated, or {BaselineOutput.AllToken}.",
            HelpName = "KINDS",
            CustomParser = BaselineOutput.ParseKinds,
        };
        var report = new Option<string?>("--report")
        {
            Description = "Write the final model's evaluation report on the test set (accuracy, per-class precision and recall, confusion matrix) to this JSON file.",
            HelpName = "FILE.json",
        };

        var command = new Command("run", "Run a federated experiment and print each round's test accuracy and losses.");
        experiment.AddTo(command);
        table.AddTo(command);
        command.Add(dataFolder);
        command.Add(threads);
        command.Add(json);
        command.Add(exportModel);
        command.Add(report);
        command.Add(baselines);

        command.SetAction((parseResult, cancellationToken) =>
        {
            var tableInput = new TableInput(parseResult, table, experiment);
            IReadOnlyList<string> tableErrors = tableInput.CheckOptions();
            if (tableErrors.Count > 0)
            {
                return Task.FromResult(ErrorWriter.Write(error, tableErrors));
            }

            ExperimentBuildResult build = ExperimentConfigBuilder.Build(parseResult, experiment, tableInput.Adjust);
            if (!build.Succeeded)
            {
                return Task.FromResult(ErrorWriter.Write(error, build.Errors));
            }

            string?[] pathErrors =
            [
                RunArtifacts.CheckPath(exportModel.Name, parseResult.GetValue(exportModel)),
                RunArtifacts.CheckPath(report.Name, parseResult.GetValue(report)),
                RunArtifacts.CheckDistinct(parseResult.GetValue(exportModel), parseResult.GetValue(report)),
            ];
            if (pathErrors.Any(message => message is not null))
            {
                return Task.FromResult(ErrorWriter.Write(error, pathErrors.OfType<string>()));
            }

            ExperimentConfig config = build.Config!;
            if (TableInput.CheckTableHasFile(config, tableInput.Path) is string missingFile)
            {
                return Task.FromResult(ErrorWriter.Write(error, [missingFile]));
            }

            foreach (string warning in tableInput.Warnings)
            {
                error.WriteLine(warning);
            }

            TabularDataset? tabular = null;
            if (tableInput.Path is not null)
            {
                (tabular, config, string? tableError) = tableInput.Load(config);
                if (tableError is not null)
                {
                    return Task.FromResult(ErrorWriter.Write(error, [tableError]));
                }
            }

            var settings = new RunSettings(
                config,
                tabular,
                parseResult.GetValue(dataFolder) ?? DatasetCatalog.DefaultFashionMnistFolder,
                parseResult.GetValue(threads) ?? Environment.ProcessorCount,
                parseResult.GetValue(json),
                parseResult.GetValue(exportModel),
                parseResult.GetValue(report),
                parseResult.GetValue(baselines) ?? []);
            return RunAsync(settings, output, error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(RunSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ExperimentConfig config = settings.Config;
        if (config.Dataset == DatasetKind.FashionMnist && !Directory.Exists(settings.DataFolder))
        {
            return ErrorWriter.Write(error, [
                $"--data-folder: the Fashion-MNIST folder '{settings.DataFolder}' does not exist. Install the Debian package " +
                "dataset-fashion-mnist (bash scripts/install-prerequisites.sh), pass --data-folder, or use --dataset synthetic."]);
        }

        // A FEDWB_KERNELS value the engine cannot use fails here, before any output, instead of inside a round.
        try
        {
            _ = KernelSelection.Name;
        }
        catch (InvalidOperationException ex)
        {
            return ErrorWriter.Write(error, [ex.Message]);
        }

        IRunOutput writer = settings.Json ? new JsonRunOutput(output) : new TextRunOutput(output);
        var summary = new RunSummaryBuilder(config.Rounds);
        var simulationOptions = new SimulationOptions { MaxDegreeOfParallelism = settings.Threads };
        var catalog = new DatasetCatalog(settings.DataFolder);
        FederatedSimulation simulation = settings.Table is null
            ? new FederatedSimulation(catalog, simulationOptions)
            : new FederatedSimulation(settings.Table.Dataset, simulationOptions);
        TrainedModel? finalModel = null;

        if (settings.Table is not null && !settings.Json)
        {
            await output.WriteLineAsync(DescribeTable(settings.Table));
        }

        writer.WriteStart(config);
        try
        {
            Task KeepModel(TrainedModel model, CancellationToken _)
            {
                finalModel = model;
                return Task.CompletedTask;
            }

            await foreach (RoundResult round in simulation.RunAsync(config, partitioned: null, KeepModel, cancellationToken))
            {
                summary.Add(round);
                writer.WriteRound(round, config.Rounds);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.WriteSummary(summary.Build(cancelled: true));
            await error.WriteLineAsync($"fedwb: run cancelled after {summary.Rounds} of {Plural.Count(config.Rounds, "round")}.");
            return ExitCodes.Cancelled;
        }
        catch (ExperimentException ex)
        {
            await error.WriteLineAsync($"fedwb: error: {ex.Message}");
            return ExitCodes.RunFailed;
        }

        writer.WriteSummary(summary.Build(cancelled: false));
        Dataset dataset = settings.Table?.Dataset ?? catalog.Get(config);
        int exitCode = await WriteArtifactsAsync(settings, finalModel!, dataset, output, error);
        return exitCode == ExitCodes.Success ? await TrainBaselinesAsync(settings, dataset, simulationOptions, output, error, cancellationToken) : exitCode;
    }

    /// <summary>Trains the baselines of --baseline one after another and writes each result as it ends.</summary>
    private static async Task<int> TrainBaselinesAsync(
        RunSettings settings, Dataset dataset, SimulationOptions engineOptions, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var trainer = new CentralizedBaseline(engineOptions);
        BaselineSettings baselineSettings = BaselineSettings.ForExperiment(settings.Config);
        foreach (BaselineKind kind in settings.Baselines)
        {
            BaselineResult result;
            try
            {
                result = await Task.Run(() => trainer.Train(kind, dataset, baselineSettings, cancellationToken), cancellationToken);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                // ML.NET may wrap the cancellation in an error of its own, so any failure after Ctrl-C counts as one.
                await error.WriteLineAsync($"fedwb: baseline {ExperimentNames.Of(kind)} cancelled.");
                return ExitCodes.Cancelled;
            }
            catch (ExperimentException ex)
            {
                await error.WriteLineAsync($"fedwb: error: --baseline {ExperimentNames.Of(kind)}: {ex.Message}");
                return ExitCodes.RunFailed;
            }

            await output.WriteLineAsync(settings.Json ? BaselineOutput.ToJson(result) : BaselineOutput.Describe(result));
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Evaluates the final model on the test set, prints the evaluation in text mode, and writes the files that
    /// --export-model and --report ask for.
    /// </summary>
    private static async Task<int> WriteArtifactsAsync(RunSettings settings, TrainedModel model, Dataset dataset, TextWriter output, TextWriter error)
    {
        if (settings.Json && settings.ReportPath is null && settings.ModelPath is null)
        {
            return ExitCodes.Success;
        }

        EvaluationReport report;
        try
        {
            report = RunArtifacts.Evaluate(model, dataset);
        }
        catch (ArgumentException ex)
        {
            // A diverged model has infinite or NaN scores, which neither the evaluation nor an export can hold.
            bool filesRequested = settings.ReportPath is not null || settings.ModelPath is not null;
            await (filesRequested ? error : output).WriteLineAsync(
                $"{(filesRequested ? "fedwb: error: " : string.Empty)}The final model cannot be evaluated or exported: {ex.Message}");
            return filesRequested ? ExitCodes.RunFailed : ExitCodes.Success;
        }

        if (!settings.Json)
        {
            foreach (string line in RunArtifacts.Describe(report))
            {
                await output.WriteLineAsync(line);
            }
        }

        (string Option, string? Path, Action<string> Write)[] files =
        [
            ("--export-model", settings.ModelPath, path => RunArtifacts.WriteModel(path, model, settings.Table)),
            ("--report", settings.ReportPath, path => RunArtifacts.WriteReport(path, report)),
        ];
        foreach ((string option, string? path, Action<string> write) in files.Where(file => file.Path is not null))
        {
            try
            {
                write(path!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The system's message may name the temporary file, so only the user's path is named.
                await error.WriteLineAsync($"fedwb: error: {option}: cannot write '{path}'; check the folder's free space and permissions.");
                return ExitCodes.RunFailed;
            }

            if (!settings.Json)
            {
                await output.WriteLineAsync($"Wrote {path}");
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>Describes the featurized table in one line, for example "Data bank.csv: 1,000 rows (800 training, 200 test), ...".</summary>
    private static string DescribeTable(TabularDataset table)
    {
        Dataset dataset = table.Dataset;
        string owners = table.HasOwners ? $", {Plural.Count(table.OwnerNames.Count, "owner")}" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"Data {dataset.Name}: {Plural.Count(dataset.Train.Count + dataset.Test.Count, "row")} " +
            $"({dataset.Train.Count:N0} training, {dataset.Test.Count:N0} test), {Plural.Count(dataset.FeatureCount, "feature")}, " +
            $"{dataset.ClassCount:N0} classes{owners}");
    }

    /// <summary>Everything one run needs, read from the options.</summary>
    /// <param name="Table">The featurized CSV file the run trains on, or null for a built-in dataset.</param>
    /// <param name="ModelPath">The ONNX file of --export-model, or null.</param>
    /// <param name="ReportPath">The JSON file of --report, or null.</param>
    /// <param name="Baselines">The centralized baselines of --baseline, in the order given.</param>
    private sealed record RunSettings(
        ExperimentConfig Config,
        TabularDataset? Table,
        string DataFolder,
        int Threads,
        bool Json,
        string? ModelPath,
        string? ReportPath,
        IReadOnlyList<BaselineKind> Baselines);
}
