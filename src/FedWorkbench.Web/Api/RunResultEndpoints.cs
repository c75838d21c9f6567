using System.Text;
using FedWorkbench.Data;
using FedWorkbench.Data.Evaluation;
using FedWorkbench.Data.Onnx;
using FedWorkbench.Simulation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Web.Runs;
using FedWorkbench.Web.Tables;
using FedWorkbench.Web.Ui;

namespace FedWorkbench.Web.Api;

/// <summary>
/// Handlers of the endpoints that return what a run produced: its metrics as JSON, the evaluation report of its final
/// model and that model as ONNX. <see cref="FedWorkbenchEndpoints"/> maps them.
/// </summary>
internal static class RunResultEndpoints
{
    /// <summary>Returns every stored round of a run as a JSON array: 200, or 404 when no run has the id.</summary>
    public static async Task<IResult> GetMetricsJsonAsync(Guid id, IRunService runs, CancellationToken cancellationToken)
    {
        RunDetails? details = await runs.GetAsync(id, cancellationToken);
        if (details is null)
        {
            return RunEndpoints.RunNotFound(id);
        }

        return TypedResults.Text(RoundMetricsJson.Write(details.Rounds), RoundMetricsJson.ContentType, Encoding.UTF8);
    }

    /// <summary>
    /// Returns the evaluation report of a run's final model in its JSON format: 200; 404 when no run has the id or the
    /// run has no stored final model; 409 when the model is stored but could not be evaluated.
    /// </summary>
    public static async Task<IResult> GetEvaluationAsync(
        Guid id, IRunService runs, RunModelStore models, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        RunDetails? details = await runs.GetAsync(id, cancellationToken);
        if (details is null)
        {
            return RunEndpoints.RunNotFound(id);
        }

        (EvaluationReport? Report, string? Error)? stored = await models.LoadReportAsync(id, cancellationToken);
        if (stored is not { } result)
        {
            return NoFinalModel(loggerFactory, details.Summary, "evaluation report");
        }

        if (result.Report is null)
        {
            ApiLog.RunResultUnavailable(CreateLogger(loggerFactory), id, "evaluation report", result.Error ?? "no reason stored");
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The run has no evaluation report.",
                detail: $"Run {id} stored its final model without an evaluation report. {result.Error ?? "No reason was stored."}");
        }

        return TypedResults.Text(result.Report.ToJson(), "application/json", Encoding.UTF8);
    }

    /// <summary>
    /// Returns a run's final model as an ONNX file named after the run: 200, or 404 when no run has the id or the run
    /// has no stored final model. Returns 409 when the model cannot be written as ONNX, for example for a NaN parameter.
    /// </summary>
    public static async Task<IResult> GetModelOnnxAsync(
        Guid id, IRunService runs, RunModelStore models, TableDatasets tables, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        RunDetails? details = await runs.GetAsync(id, cancellationToken);
        if (details is null)
        {
            return RunEndpoints.RunNotFound(id);
        }

        StoredRunModel? stored = await models.LoadAsync(id, cancellationToken);
        if (stored is null)
        {
            return NoFinalModel(loggerFactory, details.Summary, "final model");
        }

        byte[] onnx;
        try
        {
            // The whole file is built before the response starts, so a rejected model still gets a problem response.
            IReadOnlyList<FeatureRecipe>? recipes = stored.FeatureRecipes ?? await FeatureRecipesAsync(details.Config, tables, cancellationToken);
            onnx = OnnxModelWriter.ToBytes(stored.Model, new OnnxExportOptions { FeatureNames = stored.FeatureNames, FeatureRecipes = recipes });
        }
        catch (ArgumentException ex)
        {
            ApiLog.RunResultUnavailable(CreateLogger(loggerFactory), id, "ONNX model", ex.Message);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The model cannot be exported as ONNX.",
                detail: $"The final model of run {id} cannot be written as ONNX. {ex.Message}");
        }

        return TypedResults.File(onnx, RunModelFile.ContentType, RunModelFile.FileNameFor(details.Summary));
    }

    /// <summary>
    /// Returns the feature recipes of a table run from its stored table, for a model stored before the recipes were
    /// kept with it. Returns null for a built-in dataset and for a table whose file is no longer stored.
    /// </summary>
    /// <remarks>
    /// NOTE: such an older model whose file was removed is exported with the single prepared-features input, which a
    /// caller cannot fill without the recipes.
    /// </remarks>
    private static async Task<IReadOnlyList<FeatureRecipe>?> FeatureRecipesAsync(
        ExperimentConfig config, TableDatasets tables, CancellationToken cancellationToken)
    {
        if (config is not { Dataset: DatasetKind.Table, Table: { } table })
        {
            return null;
        }

        try
        {
            return await Task.Run(() => tables.Featurize(table, config.Seed).FeatureRecipes, cancellationToken);
        }
        catch (ExperimentException)
        {
            return null;
        }
    }

    /// <summary>Returns the 404 for a run without a stored final model, with the reason that fits its status.</summary>
    private static IResult NoFinalModel(ILoggerFactory loggerFactory, RunSummary run, string result)
    {
        string reason = run.Status switch
        {
            RunStatus.Queued or RunStatus.Running =>
                $"Run {run.Id} is {RunEndpoints.StatusName(run.Status)}. Its final model and evaluation report are stored when it completes.",
            RunStatus.Completed =>
                $"Run {run.Id} finished before final models and evaluation reports were stored, or storing them failed. Launch the experiment again to get them.",
            _ =>
                $"Run {run.Id} is {RunEndpoints.StatusName(run.Status)}, so it has no final model. Only completed runs have one.",
        };
        ApiLog.RunResultUnavailable(CreateLogger(loggerFactory), run.Id, result, reason);
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"The run has no {result}.", detail: reason);
    }

    private static ILogger CreateLogger(ILoggerFactory loggerFactory) => loggerFactory.CreateLogger(typeof(RunResultEndpoints));

}
