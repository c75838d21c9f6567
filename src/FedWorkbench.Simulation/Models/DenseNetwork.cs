using System.Runtime.CompilerServices;

namespace FedWorkbench.Simulation.Models;

/// <summary>
/// Forward pass, mean softmax cross-entropy loss and backpropagation of the networks described by
/// <see cref="ModelLayout"/>, over raw pointers into a flat parameter vector and a <see cref="ModelWorkspace"/>.
/// </summary>
internal static unsafe class DenseNetwork
{
    /// <summary>
    /// Runs one SGD step on a batch: θ ← θ − η·∇θ L, where L is the mean cross-entropy over the batch.
    /// Returns the sum of the per-sample losses before the step.
    /// </summary>
    public static double TrainStep(ModelWorkspace workspace, float* parameters, float* input, ReadOnlySpan<byte> labels, int rows, float learningRate) =>
        TrainStep(workspace, parameters, parameters, input, labels, rows, learningRate);

    /// <summary>
    /// Span overload of <see cref="TrainStep(ModelWorkspace, float*, float*, ReadOnlySpan{byte}, int, float)"/>
    /// for <paramref name="labels"/>.Length rows of <paramref name="input"/>, updating <paramref name="parameters"/> in place.
    /// </summary>
    public static double TrainStep(ModelWorkspace workspace, Span<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<byte> labels, float learningRate)
    {
        ModelLayout layout = workspace.Layout;
        int rows = labels.Length;
        if (parameters.Length != layout.ParameterCount || input.Length != rows * layout.InputWidth || rows > workspace.MaxRows)
        {
            throw new ArgumentException($"Buffer lengths do not match model {layout} and {rows} rows.");
        }

        fixed (float* parameterPointer = parameters, inputPointer = input)
        {
            return TrainStep(workspace, parameterPointer, inputPointer, labels, rows, learningRate);
        }
    }

    /// <summary>
    /// Runs one SGD step on a batch out of place: writes θ − η·∇θ L for θ = <paramref name="source"/> to every
    /// parameter of <paramref name="destination"/>, which needs no initial contents, and leaves the source
    /// unchanged. The values are bit-identical to copying the source to the destination and stepping in place.
    /// The destination may equal the source but must not overlap it otherwise. Returns the sum of the
    /// per-sample losses before the step.
    /// </summary>
    public static double TrainStep(
        ModelWorkspace workspace, float* source, float* destination, float* input, ReadOnlySpan<byte> labels, int rows, float learningRate)
    {
        double lossSum = ForwardAndLoss(workspace, source, input, labels, rows, workspace.DeltaA);
        Backward(workspace, source, input, rows, workspace.DeltaA, source, destination, -learningRate);
        return lossSum;
    }

    /// <summary>
    /// Adds ∇θ L to <paramref name="gradient"/> for the mean cross-entropy L over the given rows and returns the
    /// sum of the per-sample losses.
    /// </summary>
    public static double AccumulateGradient(ModelWorkspace workspace, float* parameters, float* input, ReadOnlySpan<byte> labels, int rows, float* gradient)
    {
        double lossSum = ForwardAndLoss(workspace, parameters, input, labels, rows, workspace.DeltaA);
        Backward(workspace, parameters, input, rows, workspace.DeltaA, gradient, gradient, 1f);
        return lossSum;
    }

    /// <summary>
    /// Span overload of <see cref="AccumulateGradient(ModelWorkspace, float*, float*, ReadOnlySpan{byte}, int, float*)"/>
    /// for <paramref name="labels"/>.Length rows of <paramref name="input"/>.
    /// </summary>
    public static double AccumulateGradient(ModelWorkspace workspace, ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<byte> labels, Span<float> gradient)
    {
        ModelLayout layout = workspace.Layout;
        int rows = labels.Length;
        if (parameters.Length != layout.ParameterCount || gradient.Length != layout.ParameterCount || input.Length != rows * layout.InputWidth || rows > workspace.MaxRows)
        {
            throw new ArgumentException($"Buffer lengths do not match model {layout} and {rows} rows.");
        }

        fixed (float* parameterPointer = parameters, inputPointer = input, gradientPointer = gradient)
        {
            return AccumulateGradient(workspace, parameterPointer, inputPointer, labels, rows, gradientPointer);
        }
    }

    /// <summary>
    /// Evaluates the given rows and returns the number of correct argmax predictions and the sum of the
    /// per-sample cross-entropy losses. A tie between logits goes to the lower class index. The layers that
    /// <paramref name="padded"/> holds, copied from <paramref name="parameters"/>, run on its copy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (int Correct, double LossSum) Evaluate(
        ModelWorkspace workspace, float* parameters, float* input, ReadOnlySpan<byte> labels, int rows, PaddedWeights? padded = null)
    {
        ModelLayout layout = workspace.Layout;
        Forward(workspace, parameters, input, rows, padded);
        float* logits = workspace.Activations(layout.LayerCount);
        int classes = layout.ClassCount;
        int correct = 0;
        double lossSum = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = new ReadOnlySpan<float>(logits + ((nint)r * classes), classes);
            int predicted = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[predicted])
                {
                    predicted = c;
                }
            }

            if (predicted == labels[r])
            {
                correct++;
            }

            lossSum += CrossEntropy(row, labels[r]);
        }

        return (correct, lossSum);
    }

    /// <summary>
    /// Runs the forward pass over <paramref name="rows"/> rows and returns the workspace buffer that contains their
    /// logits, rows × classes, valid until the workspace's next pass.
    /// </summary>
    public static float* Logits(ModelWorkspace workspace, float* parameters, float* input, int rows)
    {
        Forward(workspace, parameters, input, rows);
        return workspace.Activations(workspace.Layout.LayerCount);
    }

    /// <summary>Computes every layer's output: ReLU activations for hidden layers, logits for the last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Forward(ModelWorkspace workspace, float* parameters, float* input, int rows, PaddedWeights? padded = null)
    {
        ModelLayout layout = workspace.Layout;
        float* layerInput = input;
        for (int layer = 0; layer < layout.LayerCount; layer++)
        {
            float* output = workspace.Activations(layer + 1);
            bool hidden = layer < layout.LayerCount - 1;
            float* weights = parameters + layout.WeightOffset(layer);
            float* biases = parameters + layout.BiasOffset(layer);
            int stride = 0;
            float* paddedWeights = padded is null ? null : padded.WeightsOf(layer, out stride);
            if (layout.IsOutputMajor(layer))
            {
                DenseKernels.ForwardOutputMajor(layerInput, rows, layout.FanIn(layer), weights, biases, layout.FanOut(layer), hidden, output);
            }
            else if (paddedWeights != null)
            {
                DenseKernels.ForwardPadded(layerInput, rows, layout.FanIn(layer), paddedWeights, stride, biases, layout.FanOut(layer), hidden, output);
            }
            else
            {
                DenseKernels.Forward(layerInput, rows, layout.FanIn(layer), weights, biases, layout.FanOut(layer), hidden, output);
            }

            layerInput = output;
        }
    }

    /// <summary>
    /// Runs the forward pass, writes ∂L/∂z = (softmax(z) − onehot(y)) / rows for the mean loss L into
    /// <paramref name="logitGradient"/>, and returns the sum of the per-sample losses.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double ForwardAndLoss(ModelWorkspace workspace, float* parameters, float* input, ReadOnlySpan<byte> labels, int rows, float* logitGradient)
    {
        Forward(workspace, parameters, input, rows);
        ModelLayout layout = workspace.Layout;
        float* logits = workspace.Activations(layout.LayerCount);
        int classes = layout.ClassCount;
        float inverseRows = 1f / rows;
        double lossSum = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = new ReadOnlySpan<float>(logits + ((nint)r * classes), classes);
            var gradient = new Span<float>(logitGradient + ((nint)r * classes), classes);
            lossSum += SoftmaxGradient(row, labels[r], inverseRows, gradient);
        }

        return lossSum;
    }

    /// <summary>
    /// Backpropagates <paramref name="logitGradient"/> (∂L/∂z of the last layer) and writes
    /// <paramref name="targetSource"/> + <paramref name="scale"/>·∇θ L to <paramref name="target"/>. The target
    /// may be the parameters themselves: each layer's input gradient is computed from its weights before they change.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Backward(
        ModelWorkspace workspace, float* parameters, float* input, int rows, float* logitGradient, float* targetSource, float* target, float scale)
    {
        ModelLayout layout = workspace.Layout;
        float* delta = logitGradient;
        float* spare = logitGradient == workspace.DeltaA ? workspace.DeltaB : workspace.DeltaA;
        for (int layer = layout.LayerCount - 1; layer >= 0; layer--)
        {
            int fanIn = layout.FanIn(layer);
            int fanOut = layout.FanOut(layer);
            float* layerInput = layer == 0 ? input : workspace.Activations(layer);

            bool outputMajor = layout.IsOutputMajor(layer);
            if (layer > 0)
            {
                // δ of the layer below is δ·Wᵀ where its ReLU output a was positive and 0 elsewhere.
                float* weights = parameters + layout.WeightOffset(layer);
                if (outputMajor)
                {
                    DenseKernels.BackpropInputOutputMajor(delta, rows, fanOut, weights, fanIn, layerInput, spare);
                }
                else
                {
                    DenseKernels.BackpropInput(delta, rows, fanOut, weights, fanIn, layerInput, spare);
                }
            }

            float* weightSource = targetSource + layout.WeightOffset(layer);
            float* biasSource = targetSource + layout.BiasOffset(layer);
            float* weightTarget = target + layout.WeightOffset(layer);
            float* biasTarget = target + layout.BiasOffset(layer);
            if (outputMajor)
            {
                DenseKernels.AccumulateWeightsOutputMajor(layerInput, delta, rows, fanIn, fanOut, scale, weightSource, biasSource, weightTarget, biasTarget);
            }
            else
            {
                DenseKernels.AccumulateWeights(layerInput, delta, rows, fanIn, fanOut, scale, weightSource, biasSource, weightTarget, biasTarget);
            }
            float* next = spare;
            spare = delta;
            delta = next;
        }
    }

    /// <summary>
    /// Writes (softmax(z) − onehot(label))·<paramref name="gradientScale"/> into <paramref name="gradient"/> and
    /// returns the cross-entropy −log softmax(z)[label], computed stably by subtracting max z.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SoftmaxGradient(ReadOnlySpan<float> logits, int label, float gradientScale, Span<float> gradient)
    {
        float max = MaxOf(logits);
        float sum = 0;
        for (int c = 0; c < logits.Length; c++)
        {
            float e = MathF.Exp(logits[c] - max);
            gradient[c] = e;
            sum += e;
        }

        float inverseSum = 1f / sum;
        for (int c = 0; c < logits.Length; c++)
        {
            gradient[c] *= inverseSum * gradientScale;
        }

        gradient[label] -= gradientScale;
        return Math.Log(sum) - (logits[label] - max);
    }

    /// <summary>Returns −log softmax(z)[label] = log Σ exp(z − max z) − (z[label] − max z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double CrossEntropy(ReadOnlySpan<float> logits, int label)
    {
        float max = MaxOf(logits);
        double sum = 0;
        for (int c = 0; c < logits.Length; c++)
        {
            sum += MathF.Exp(logits[c] - max);
        }

        return Math.Log(sum) - (logits[label] - max);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float MaxOf(ReadOnlySpan<float> values)
    {
        float max = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            max = MathF.Max(max, values[i]);
        }

        return max;
    }
}
