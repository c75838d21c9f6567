using System.Collections.Concurrent;
using FedWorkbench.Simulation.Data;
using FedWorkbench.Simulation.Models;

namespace FedWorkbench.Simulation.Training;

/// <summary>Accuracy and mean cross-entropy of a model on a whole data split.</summary>
/// <param name="Accuracy">Fraction of samples whose argmax prediction equals the label, in [0, 1].</param>
/// <param name="Loss">Mean cross-entropy over the samples.</param>
public readonly record struct EvaluationResult(double Accuracy, double Loss);

/// <summary>
/// Evaluates a model on a data split in parallel. The split is cut into fixed chunks of
/// <see cref="ChunkRows"/> samples whose partial sums are added in chunk order, so the result is the same for
/// any degree of parallelism.
/// </summary>
internal sealed class ModelEvaluator
{
    /// <summary>Samples per chunk; large enough for the row-blocked kernels, small enough to balance two threads.</summary>
    public const int ChunkRows = 250;

    private readonly ConcurrentBag<ModelWorkspace> _workspaces = [];
    private readonly ModelLayout _layout;

    public ModelEvaluator(ModelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
    }

    public EvaluationResult Evaluate(float[] parameters, DataSplit split, ParallelOptions parallelOptions)
    {
        int chunkCount = (split.Count + ChunkRows - 1) / ChunkRows;
        var correct = new int[chunkCount];
        var lossSums = new double[chunkCount];

        Parallel.For(
            0,
            chunkCount,
            parallelOptions,
            () => _workspaces.TryTake(out ModelWorkspace? workspace) ? workspace : new ModelWorkspace(_layout, ChunkRows),
            (chunk, _, workspace) =>
            {
                (correct[chunk], lossSums[chunk]) = EvaluateChunk(workspace, parameters, split, chunk);
                return workspace;
            },
            _workspaces.Add);

        long correctTotal = 0;
        double lossTotal = 0;
        for (int chunk = 0; chunk < chunkCount; chunk++)
        {
            correctTotal += correct[chunk];
            lossTotal += lossSums[chunk];
        }

        return new EvaluationResult((double)correctTotal / split.Count, lossTotal / split.Count);
    }

    private static unsafe (int Correct, double LossSum) EvaluateChunk(ModelWorkspace workspace, float[] parameters, DataSplit split, int chunk)
    {
        int start = chunk * ChunkRows;
        int rows = Math.Min(ChunkRows, split.Count - start);
        ReadOnlySpan<float> features = split.Features.Slice(start * split.FeatureCount, rows * split.FeatureCount);
        fixed (float* parameterPointer = parameters)
        fixed (float* input = features)
        {
            return DenseNetwork.Evaluate(workspace, parameterPointer, input, split.Labels.Slice(start, rows), rows);
        }
    }
}
