using System.Buffers.Binary;
using System.Text.Json;
using FedWorkbench.Data;
using FedWorkbench.Data.Evaluation;
using FedWorkbench.Simulation.Configuration;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;
using FedWorkbench.Web.Storage;
using FedWorkbench.Web.Tables;
using Microsoft.EntityFrameworkCore;

namespace FedWorkbench.Web.Runs;

/// <summary>The stored final model of a run, with the names the ONNX export writes and the evaluation report.</summary>
/// <param name="Model">The final global model.</param>
/// <param name="FeatureNames">Feature names of a table's model, or null for images.</param>
/// <param name="Report">The evaluation report on the test set, or null when it could not be computed.</param>
/// <param name="ReportError">Why the report is missing, or null.</param>
/// <param name="FeatureRecipes">
/// How a table's model makes its features from a raw CSV row, so that the ONNX file takes one input per column. Null
/// for images and for models stored before recipes were kept.
/// </param>
public sealed record StoredRunModel(
    TrainedModel Model,
    IReadOnlyList<string>? FeatureNames,
    EvaluationReport? Report,
    string? ReportError,
    IReadOnlyList<FeatureRecipe>? FeatureRecipes = null);

/// <summary>
/// Stores each completed run's final global model with its ML.NET evaluation report on the test set, and reads
/// them back for the run page and the model download.
/// </summary>
public sealed class RunModelStore(
    IDbContextFactory<FedWorkbenchDbContext> contextFactory,
    DatasetCatalog catalog,
    TableDatasets tables,
    TimeProvider time,
    ILogger<RunModelStore> logger)
{
    // camelCase, as the recipes appear in the ONNX file's metadata and docs/data.md.
    private static readonly JsonSerializerOptions RecipeJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Evaluates <paramref name="model"/> on the test set of <paramref name="config"/>'s dataset and stores both.
    /// A model whose scores are not finite is stored without a report, with the reason.
    /// </summary>
    public async Task StoreAsync(Guid runId, ExperimentConfig config, TrainedModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        // A table's featurization gives its dataset too, so the file is not featurized twice when the cache dropped it.
        TabularDataset? featurized = config is { Dataset: DatasetKind.Table, Table: { } table } ? tables.Featurize(table, config.Seed) : null;
        Dataset dataset = featurized?.Dataset ?? catalog.Get(config);

        string? reportJson = null;
        string? reportError = null;
        try
        {
            reportJson = EvaluationReport.Create(model, dataset.Test).ToJson();
        }
        catch (ArgumentException ex)
        {
            // A diverged model has infinite or NaN scores, which the evaluation cannot rank.
            reportError = $"The final model could not be evaluated: {ex.Message}";
            RunsLog.EvaluationSkipped(logger, runId, ex.Message);
        }

        var entity = new RunModelEntity
        {
            RunId = runId,
            Widths = model.Layout.ToString(),
            ClassNamesJson = JsonSerializer.Serialize(model.ClassNames),
            FeatureNamesJson = featurized is null ? null : JsonSerializer.Serialize(featurized.FeatureNames),
            FeatureRecipesJson = featurized is null ? null : JsonSerializer.Serialize(featurized.FeatureRecipes, RecipeJson),
            Parameters = ToBytes(model.Parameters),
            EvaluationJson = reportJson,
            EvaluationError = reportError,
            CreatedAt = time.GetUtcNow(),
        };
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        await context.RunModels.Where(m => m.RunId == runId).ExecuteDeleteAsync(cancellationToken);
        context.RunModels.Add(entity);
        await context.SaveChangesAsync(cancellationToken);
        RunsLog.ModelStored(logger, runId, model.Layout.ToString(), reportJson is not null);
    }

    /// <summary>Returns the stored final model of a run, or null when the run has none (not completed, or older).</summary>
    public async Task<StoredRunModel?> LoadAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        RunModelEntity? entity = await context.RunModels.AsNoTracking().FirstOrDefaultAsync(m => m.RunId == runId, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var layout = new ModelLayout(entity.Widths.Split('-').Select(int.Parse).ToArray());
        string[] classNames = JsonSerializer.Deserialize<string[]>(entity.ClassNamesJson) ?? [];
        var model = new TrainedModel(layout, FromBytes(entity.Parameters), classNames);
        string[]? featureNames = entity.FeatureNamesJson is null ? null : JsonSerializer.Deserialize<string[]>(entity.FeatureNamesJson);
        EvaluationReport? report = entity.EvaluationJson is null ? null : EvaluationReport.FromJson(entity.EvaluationJson);
        FeatureRecipe[]? recipes = entity.FeatureRecipesJson is null ? null : JsonSerializer.Deserialize<FeatureRecipe[]>(entity.FeatureRecipesJson, RecipeJson);
        return new StoredRunModel(model, featureNames, report, entity.EvaluationError, recipes);
    }

    /// <summary>Returns only the evaluation report of a run, without reading its parameters, or null.</summary>
    public async Task<(EvaluationReport? Report, string? Error)?> LoadReportAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using FedWorkbenchDbContext context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await context.RunModels.AsNoTracking()
            .Where(m => m.RunId == runId)
            .Select(m => new { m.EvaluationJson, m.EvaluationError })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        return (row.EvaluationJson is null ? null : EvaluationReport.FromJson(row.EvaluationJson), row.EvaluationError);
    }

    private static byte[] ToBytes(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    private static float[] FromBytes(byte[] bytes)
    {
        var values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return values;
    }
}
