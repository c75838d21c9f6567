using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FedWorkbench.Simulation.Models;

/// <summary>
/// Matrix kernels of one dense layer over row-major float32 matrices: the forward product, the input gradient
/// and the fused weight update. Each public method runs the path <see cref="KernelSelection"/> chose for this
/// process: register-blocked AVX-512 or AVX2+FMA code, or a portable path. All paths give the same values up
/// to float rounding, and each is deterministic.
/// </summary>
/// <remarks>
/// The portable path runs one vectorized loop per row over <see cref="Vector{T}"/>. On a Zen 4 core its
/// forward and update kernels ran 3 to 6 times slower than the register-blocked AVX-512 path in
/// DenseKernels.Avx512.cs on the 2NN's layer shapes with 10-row batches.
/// <para>
/// The kernels, and the engine's other per-sample and per-parameter loops, are compiled fully optimized on first
/// call (<see cref="MethodImplOptions.AggressiveOptimization"/>). With tiered compilation alone, a run of short
/// rounds spent its first 30 or so rounds in unoptimized code, whose vector helpers are calls instead of
/// instructions: softmax regression rounds took about 50 ms there against 9 ms once optimized.
/// </para>
/// </remarks>
internal static unsafe partial class DenseKernels
{
    /// <summary>True when the AVX-512 kernels can run on this CPU.</summary>
    public static bool IsVector512Path => KernelSelection.IsSupported(KernelPath.Vector512);

    /// <summary>
    /// Computes Y = X·W + b for X of <paramref name="rows"/> × fanIn, W of fanIn × fanOut and b of fanOut,
    /// writing Y as rows × fanOut, or ReLU(X·W + b) = max(X·W + b, 0) when <paramref name="relu"/> is true.
    /// </summary>
    public static void Forward(float* x, int rows, int fanIn, float* w, float* bias, int fanOut, bool relu, float* y)
    {
        switch (KernelSelection.ActivePath)
        {
            case KernelPath.Vector512:
                ForwardVector512(x, rows, fanIn, w, bias, fanOut, relu, y);
                break;
            case KernelPath.Vector256:
                ForwardVector256(x, rows, fanIn, w, bias, fanOut, relu, y);
                break;
            default:
                ForwardPortable(x, rows, fanIn, w, bias, fanOut, relu, y);
                break;
        }
    }

    /// <summary>
    /// Computes the same as <see cref="Forward(float*, int, int, float*, float*, int, bool, float*)"/> with row k of W
    /// at w + k·<paramref name="wStride"/>, as <see cref="PaddedWeights"/> lays it out, and gives identical results.
    /// </summary>
    /// <exception cref="InvalidOperationException">The active path is not AVX-512, the only one that pads weights.</exception>
    public static void ForwardPadded(float* x, int rows, int fanIn, float* w, int wStride, float* bias, int fanOut, bool relu, float* y)
    {
        if (KernelSelection.ActivePath != KernelPath.Vector512)
        {
            throw new InvalidOperationException($"Padded weights run only on the vector512 kernel path, not on {KernelSelection.Name}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(wStride, fanOut);
        ForwardVector512(x, rows, fanIn, w, wStride, bias, fanOut, relu, y);
    }

    /// <summary>
    /// Computes the input gradient dX = G·Wᵀ, that is dX[r, k] = Σ_j G[r, j]·W[k, j], for G of
    /// <paramref name="rows"/> × fanOut and W of fanIn × fanOut, writing dX as rows × fanIn. When
    /// <paramref name="reluOutput"/> is not null, it is the rows × fanIn ReLU output that fed the layer, and
    /// dX[r, k] is set to 0 wherever reluOutput[r, k] ≤ 0, which applies the ReLU derivative.
    /// </summary>
    public static void BackpropInput(float* g, int rows, int fanOut, float* w, int fanIn, float* reluOutput, float* dx)
    {
        switch (KernelSelection.ActivePath)
        {
            case KernelPath.Vector512:
                BackpropInputVector512(g, rows, fanOut, w, fanIn, reluOutput, dx);
                break;
            case KernelPath.Vector256:
                BackpropInputVector256(g, rows, fanOut, w, fanIn, reluOutput, dx);
                break;
            default:
                BackpropInputPortable(g, rows, fanOut, w, fanIn, reluOutput, dx);
                break;
        }
    }

    /// <summary>
    /// Adds α·Xᵀ·S to W and α times the column sums of S to b: W[k, j] += α·Σ_r X[r, k]·S[r, j] and
    /// b[j] += α·Σ_r S[r, j], with α = <paramref name="scale"/>. With S = ∂L/∂Y and α = −η this is the SGD
    /// step fused into the weight-gradient product, and with α = 1 on zeroed W and b it writes the gradient.
    /// </summary>
    public static void AccumulateWeights(float* x, float* s, int rows, int fanIn, int fanOut, float scale, float* w, float* bias) =>
        AccumulateWeights(x, s, rows, fanIn, fanOut, scale, w, bias, w, bias);

    /// <summary>
    /// Writes W_source + α·Xᵀ·S to W and b_source + α times the column sums of S to b, with the same float
    /// operations in the same order as the in-place overload, so both give bit-identical values. Every value of
    /// W and b is written, so they need no initial contents. A source equal to its destination updates in place,
    /// and a source must not overlap its destination in any other way.
    /// </summary>
    public static void AccumulateWeights(
        float* x, float* s, int rows, int fanIn, int fanOut, float scale, float* wSource, float* biasSource, float* w, float* bias) =>
        AccumulateWeights(x, s, rows, fanIn, fanOut, scale, wSource, biasSource, w, bias, KernelSelection.ActivePath, outputMajor: false);

    /// <summary>
    /// Span overload of <see cref="Forward(float*, int, int, float*, float*, int, bool, float*)"/>, or of
    /// <see cref="ForwardOutputMajor(float*, int, int, float*, float*, int, bool, float*)"/> when
    /// <paramref name="outputMajor"/> is true, that runs the chosen path.
    /// </summary>
    internal static void Forward(
        ReadOnlySpan<float> x,
        int rows,
        int fanIn,
        ReadOnlySpan<float> w,
        ReadOnlySpan<float> bias,
        int fanOut,
        bool relu,
        Span<float> y,
        KernelPath path,
        bool outputMajor = false)
    {
        CheckPath(path);
        CheckLengths(x.Length, rows * fanIn, w.Length, fanIn * fanOut, y.Length, rows * fanOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(bias.Length, fanOut, nameof(bias));
        fixed (float* xp = x, wp = w, bp = bias, yp = y)
        {
            if (outputMajor)
            {
                ForwardOutputMajor(xp, rows, fanIn, wp, bp, fanOut, relu, yp, path);
                return;
            }

            switch (path)
            {
                case KernelPath.Vector512:
                    ForwardVector512(xp, rows, fanIn, wp, bp, fanOut, relu, yp);
                    break;
                case KernelPath.Vector256:
                    ForwardVector256(xp, rows, fanIn, wp, bp, fanOut, relu, yp);
                    break;
                default:
                    ForwardPortable(xp, rows, fanIn, wp, bp, fanOut, relu, yp);
                    break;
            }
        }
    }

    /// <summary>
    /// Span overload of <see cref="BackpropInput(float*, int, int, float*, int, float*, float*)"/>, or of
    /// <see cref="BackpropInputOutputMajor(float*, int, int, float*, int, float*, float*)"/> when
    /// <paramref name="outputMajor"/> is true, that runs the chosen path. An empty <paramref name="reluOutput"/>
    /// means the layer input had no ReLU.
    /// </summary>
    internal static void BackpropInput(
        ReadOnlySpan<float> g,
        int rows,
        int fanOut,
        ReadOnlySpan<float> w,
        int fanIn,
        ReadOnlySpan<float> reluOutput,
        Span<float> dx,
        KernelPath path,
        bool outputMajor = false)
    {
        CheckPath(path);
        CheckLengths(g.Length, rows * fanOut, w.Length, fanIn * fanOut, dx.Length, rows * fanIn);
        if (!reluOutput.IsEmpty)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(reluOutput.Length, rows * fanIn, nameof(reluOutput));
        }

        fixed (float* gp = g, wp = w, ap = reluOutput, dp = dx)
        {
            if (outputMajor)
            {
                BackpropInputOutputMajor(gp, rows, fanOut, wp, fanIn, ap, dp, path);
                return;
            }

            switch (path)
            {
                case KernelPath.Vector512:
                    BackpropInputVector512(gp, rows, fanOut, wp, fanIn, ap, dp);
                    break;
                case KernelPath.Vector256:
                    BackpropInputVector256(gp, rows, fanOut, wp, fanIn, ap, dp);
                    break;
                default:
                    BackpropInputPortable(gp, rows, fanOut, wp, fanIn, ap, dp);
                    break;
            }
        }
    }

    /// <summary>
    /// Span overload of <see cref="AccumulateWeights(float*, float*, int, int, int, float, float*, float*)"/>, in
    /// place, for an input-major W or, when <paramref name="outputMajor"/> is true, an output-major one, that runs
    /// the chosen path.
    /// </summary>
    internal static void AccumulateWeights(
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> s,
        int rows,
        int fanIn,
        int fanOut,
        float scale,
        Span<float> w,
        Span<float> bias,
        KernelPath path,
        bool outputMajor = false)
    {
        CheckPath(path);
        CheckLengths(x.Length, rows * fanIn, s.Length, rows * fanOut, w.Length, fanIn * fanOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(bias.Length, fanOut, nameof(bias));
        fixed (float* xp = x, sp = s, wp = w, bp = bias)
        {
            AccumulateWeights(xp, sp, rows, fanIn, fanOut, scale, wp, bp, wp, bp, path, outputMajor);
        }
    }

    /// <summary>
    /// Span overload of <see cref="AccumulateWeights(float*, float*, int, int, int, float, float*, float*, float*, float*)"/>,
    /// for an input-major W or, when <paramref name="outputMajor"/> is true, an output-major one, that runs the
    /// chosen path. The sources must not overlap the destinations.
    /// </summary>
    internal static void AccumulateWeights(
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> s,
        int rows,
        int fanIn,
        int fanOut,
        float scale,
        ReadOnlySpan<float> wSource,
        ReadOnlySpan<float> biasSource,
        Span<float> w,
        Span<float> bias,
        KernelPath path,
        bool outputMajor = false)
    {
        CheckPath(path);
        CheckLengths(x.Length, rows * fanIn, s.Length, rows * fanOut, w.Length, fanIn * fanOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(wSource.Length, fanIn * fanOut, nameof(wSource));
        ArgumentOutOfRangeException.ThrowIfLessThan(bias.Length, fanOut, nameof(bias));
        ArgumentOutOfRangeException.ThrowIfLessThan(biasSource.Length, fanOut, nameof(biasSource));
        if (wSource.Overlaps(w) || biasSource.Overlaps(bias))
        {
            throw new ArgumentException("The source weights and biases overlap their destinations; use the in-place overload instead.");
        }

        fixed (float* xp = x, sp = s, wsp = wSource, bsp = biasSource, wp = w, bp = bias)
        {
            AccumulateWeights(xp, sp, rows, fanIn, fanOut, scale, wsp, bsp, wp, bp, path, outputMajor);
        }
    }

    private static void AccumulateWeights(
        float* x, float* s, int rows, int fanIn, int fanOut, float scale, float* wSource, float* biasSource, float* w, float* bias, KernelPath path, bool outputMajor)
    {
        if (outputMajor)
        {
            AccumulateWeightsOutputMajor(x, s, rows, fanIn, fanOut, scale, wSource, biasSource, w, bias, path);
            return;
        }

        switch (path)
        {
            case KernelPath.Vector512:
                AccumulateWeightsVector512(x, s, rows, fanIn, fanOut, scale, wSource, biasSource, w, bias);
                break;
            case KernelPath.Vector256:
                AccumulateWeightsVector256(x, s, rows, fanIn, fanOut, scale, wSource, biasSource, w, bias);
                break;
            default:
                AccumulateWeightsPortable(x, s, rows, fanIn, fanOut, scale, wSource, biasSource, w, bias);
                break;
        }
    }

    private static void CheckPath(KernelPath path)
    {
        if (!KernelSelection.IsSupported(path))
        {
            throw new ArgumentException($"This CPU cannot run the {KernelSelection.NameOf(path)} kernels.", nameof(path));
        }
    }

    private static void CheckLengths(int firstLength, int firstExpected, int secondLength, int secondExpected, int thirdLength, int thirdExpected)
    {
        if (firstLength < firstExpected || secondLength < secondExpected || thirdLength < thirdExpected)
        {
            throw new ArgumentException(
                $"The buffers hold {firstLength}, {secondLength} and {thirdLength} values; the shape needs at least {firstExpected}, {secondExpected} and {thirdExpected}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ForwardPortable(float* x, int rows, int fanIn, float* w, float* bias, int fanOut, bool relu, float* y)
    {
        for (int r = 0; r < rows; r++)
        {
            float* yRow = y + ((nint)r * fanOut);
            float* xRow = x + ((nint)r * fanIn);
            new ReadOnlySpan<float>(bias, fanOut).CopyTo(new Span<float>(yRow, fanOut));
            for (int k = 0; k < fanIn; k++)
            {
                MultiplyAdd(xRow[k], w + ((nint)k * fanOut), yRow, yRow, fanOut);
            }

            if (relu)
            {
                for (int j = 0; j < fanOut; j++)
                {
                    yRow[j] = MathF.Max(yRow[j], 0f);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void BackpropInputPortable(float* g, int rows, int fanOut, float* w, int fanIn, float* reluOutput, float* dx)
    {
        for (int r = 0; r < rows; r++)
        {
            float* gRow = g + ((nint)r * fanOut);
            for (int k = 0; k < fanIn; k++)
            {
                nint index = ((nint)r * fanIn) + k;
                dx[index] = reluOutput == null || reluOutput[index] > 0f ? Dot(gRow, w + ((nint)k * fanOut), fanOut) : 0f;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AccumulateWeightsPortable(
        float* x, float* s, int rows, int fanIn, int fanOut, float scale, float* wSource, float* biasSource, float* w, float* bias)
    {
        for (int k = 0; k < fanIn; k++)
        {
            float* wRow = w + ((nint)k * fanOut);
            float* sourceRow = wSource + ((nint)k * fanOut);
            if (rows == 0)
            {
                new ReadOnlySpan<float>(sourceRow, fanOut).CopyTo(new Span<float>(wRow, fanOut));
                continue;
            }

            // The first batch row reads the source row, and the others add to the destination row it wrote.
            MultiplyAdd(x[k] * scale, s, sourceRow, wRow, fanOut);
            for (int r = 1; r < rows; r++)
            {
                MultiplyAdd(x[((nint)r * fanIn) + k] * scale, s + ((nint)r * fanOut), wRow, wRow, fanOut);
            }
        }

        for (int j = 0; j < fanOut; j++)
        {
            float sum = 0;
            for (int r = 0; r < rows; r++)
            {
                sum += s[((nint)r * fanOut) + j];
            }

            bias[j] = biasSource[j] + (scale * sum);
        }
    }

    /// <summary>
    /// Writes v + a·u to <paramref name="destination"/> over <paramref name="length"/> values, with
    /// <see cref="Vector{T}"/> where the CPU has it. The destination may be <paramref name="v"/> itself.
    /// </summary>
    private static void MultiplyAdd(float a, float* u, float* v, float* destination, int length)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var factor = new Vector<float>(a);
            for (; j <= length - Vector<float>.Count; j += Vector<float>.Count)
            {
                (Vector.Load(v + j) + (factor * Vector.Load(u + j))).Store(destination + j);
            }
        }

        for (; j < length; j++)
        {
            destination[j] = v[j] + (a * u[j]);
        }
    }

    /// <summary>Returns Σ u[j]·v[j] over <paramref name="length"/> values, with <see cref="Vector{T}"/> where the CPU has it.</summary>
    private static float Dot(float* u, float* v, int length)
    {
        int j = 0;
        float sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> partial = Vector<float>.Zero;
            for (; j <= length - Vector<float>.Count; j += Vector<float>.Count)
            {
                partial += Vector.Load(u + j) * Vector.Load(v + j);
            }

            sum = Vector.Sum(partial);
        }

        for (; j < length; j++)
        {
            sum += u[j] * v[j];
        }

        return sum;
    }

}

/// <summary>Implementation of the dense-layer kernels.</summary>
internal enum KernelPath
{
    /// <summary>Loops over <see cref="Vector{T}"/> (or scalars) that run on any CPU.</summary>
    Portable,

    /// <summary>Register-blocked AVX2+FMA code for 256-bit vectors; needs both instruction sets.</summary>
    Vector256,

    /// <summary>Register-blocked AVX-512 code; needs <see cref="DenseKernels.IsVector512Path"/>.</summary>
    Vector512,
}
