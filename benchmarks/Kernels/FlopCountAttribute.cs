namespace FedWorkbench.Benchmarks.Kernels;

/// <summary>Floating-point operations one call of the benchmark method performs, counting an FMA as two.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class FlopCountAttribute(double flops) : Attribute
{
    /// <summary>Floating-point operations per call.</summary>
    public double Flops { get; } = flops;
}

/// <summary>FLOP counts of the 2NN (784-200-200-10) and of softmax regression (784-10).</summary>
internal static class Flops
{
    /// <summary>2·rows·fanIn·fanOut: the multiply-adds of one rows × fanIn by fanIn × fanOut product.</summary>
    public const double PerSample784x200 = 2.0 * 784 * 200;

    /// <summary>One sample through the 200 → 200 layer's product.</summary>
    public const double PerSample200x200 = 2.0 * 200 * 200;

    /// <summary>One sample through the 200 → 10 layer's product.</summary>
    public const double PerSample200x10 = 2.0 * 200 * 10;

    /// <summary>The 2NN's forward products per sample: 2 FLOP per weight.</summary>
    public const double TwoLayerForwardPerSample = PerSample784x200 + PerSample200x200 + PerSample200x10;

    /// <summary>
    /// The 2NN's SGD step per sample: the forward products, the weight-gradient products of every layer and the
    /// input-gradient products of layers 1 and 2. Layer 0's input gradient is not needed.
    /// </summary>
    public const double TwoLayerTrainPerSample = (2 * TwoLayerForwardPerSample) + PerSample200x200 + PerSample200x10;

    /// <summary>Softmax regression's SGD step per sample: the forward and weight-gradient products.</summary>
    public const double SoftmaxTrainPerSample = 2 * 2.0 * 784 * 10;
}
